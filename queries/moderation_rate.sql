-- Moderation rate: one row. moderated / (published + moderated) over content written by
-- participants (proposals, amendments, comments, debates, arguments, free-text answers; never
-- votes or supports), counting only content from sources that can reveal moderation (see
-- source_moderation in derive.sql). Hidden items that the content files omit (listed only in
-- a moderations file) count as moderated. Withdrawn content was published, so it counts as
-- published. `measurable` is false and `moderation_rate` NULL (never 0) when no source of
-- the filtered content can reveal moderation. `median_hours_to_hide` runs from the first
-- report to the hiding, where the source gives both.
-- Reads written_daily (derive.sql: written items counted per day and filter value).
-- Filters: since/until on the content date (hidden-only items: their first report, else
-- hiding), platform, channel, circle of the author and district of the content; hidden-only
-- items have no known author or district and drop out when a circle or district is chosen.
with
written as (
    select measurable, is_moderated, items
    from written_daily
    where ($since is null or day >= cast($since as date))
        and ($until is null or day <= cast($until as date))
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
        and ($circle is null or circle = $circle)
        and ($district is null or district_id = $district)
),

hidden_only_items as (
    select first_reported_at, hidden_at
    from hidden_item_facts
    where $circle is null
        and $district is null
        and ($since is null or item_at >= cast($since as date))
        and ($until is null or item_at < cast($until as date) + 1)
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
),

items as (
    select * from written
    union all
    select true, true, count(*) from hidden_only_items
),

hidden_written as (
    select first_reported_at, hidden_at
    from contribution_facts
    where is_moderated
        and moderation_measurable
        and is_person
        and coalesce(
            is_free_text,
            kind in ('proposal', 'amendment', 'comment', 'debate', 'argument', 'survey_answer')
        )
        and ($since is null or created_at >= cast($since as date))
        and ($until is null or created_at < cast($until as date) + 1)
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
        and ($circle is null or circle = $circle)
        and ($district is null or district_id = $district)
),

hide_times as (
    select epoch(hidden_at - first_reported_at) / 3600.0 as hours
    from (select * from hidden_written union all select * from hidden_only_items)
    where hidden_at >= first_reported_at
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
        (select median(hours) from hide_times) as median_hours_to_hide,
        (select count(*) from hide_times) as hide_times_known,
        0.0001 as benchmark,
    from counts
)

select * from final
