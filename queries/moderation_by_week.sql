-- Moderation per week: one row per week (Monday), content kind and channel, with the same
-- definitions and filters as moderation_rate. `moderation_rate` is NULL where none of the
-- row's content comes from a source that can reveal moderation.
with
written as (
    select week, kind, channel, measurable, is_moderated, items
    from written_daily
    where ($since is null or day >= cast($since as date))
        and ($until is null or day <= cast($until as date))
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
        and ($circle is null or circle = $circle)
        and ($district is null or district_id = $district)
),

hidden_only as (
    select week, kind, channel, true as measurable, true as is_moderated, 1 as items
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
    select * from hidden_only
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
