-- Moderation rate: one row. moderated / (published + moderated) over content written by
-- participants (proposals, amendments, comments, debates, arguments, free-text answers; never
-- votes or supports), counting only content from sources that can reveal moderation (see
-- source_moderation in queries/derive/). Hidden items that the content files omit (listed only in
-- a moderations file) count as moderated. Withdrawn content was published, so it counts as
-- published. `measurable` is false and `moderation_rate` NULL (never 0) when no source of
-- the filtered content can reveal moderation. `median_hours_to_hide` runs from the first
-- report to the hiding, where the source gives both.
-- Filters (window_written in queries/derive/): since/until on the content date (hidden-only
-- items: their first report, else hiding), platform, channel, circle of the author and
-- district of the content; hidden-only items have no known author or district and drop out
-- when a circle or district is chosen.
with
items as (
    select measurable, is_moderated, items
    from window_written($since, $until, $platform, $channel, $circle, $district, $campaign)
),

hide_times as (
    select hours_to_hide
    from window_hide_times($since, $until, $platform, $channel, $circle, $district, $campaign)
),

counts as (
    select
        coalesce(bool_or(measurable) filter (where items > 0), false) as measurable,
        coalesce(sum(items) filter (where measurable and not is_moderated), 0)::bigint
            as published,
        coalesce(sum(items) filter (where measurable and is_moderated), 0)::bigint as moderated,
        coalesce(sum(items) filter (where not measurable), 0)::bigint as unmeasurable_items,
    from items
),

final as (
    select
        counts.*,
        case when counts.measurable then
            counts.moderated / (counts.published + counts.moderated)
        end as moderation_rate,
        (select median(hours_to_hide) from hide_times) as median_hours_to_hide,
        (select count(*) from hide_times) as hide_times_known,
        0.0001 as benchmark,
    from counts
)

select * from final
