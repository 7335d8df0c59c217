-- Moderation per week: one row per week (Monday), content kind and channel, with the same
-- definitions and filters as moderation_rate. `moderation_rate` is NULL where none of the
-- row's content comes from a source that can reveal moderation.
with
items as (
    select week, kind, channel, measurable, is_moderated, items
    from window_written($since, $until, $platform, $channel, $circle, $district, $campaign)
),

counted as (
    select
        week,
        kind,
        channel,
        coalesce(bool_or(measurable), false) as measurable,
        coalesce(sum(items) filter (where measurable and not is_moderated), 0)::bigint
            as published,
        coalesce(sum(items) filter (where measurable and is_moderated), 0)::bigint as moderated,
        coalesce(sum(items) filter (where not measurable), 0)::bigint as unmeasurable_items,
    from items
    group by week, kind, channel
),

final as (
    select
        counted.*,
        case when measurable then moderated / (published + moderated) end as moderation_rate,
    from counted
)

select * from final
order by week, kind, channel
