-- Moderation per week: one row per week (Monday), content kind and channel, with the same
-- definitions and filters as moderation_rate. `moderation_rate` is NULL where none of the
-- row's content comes from a source that can reveal moderation.
with
written as (
    select
        week,
        kind,
        channel,
        moderation_measurable as measurable,
        is_moderated,
    from contribution_facts
    where is_person
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

hidden_only as (
    select week, kind, channel, true as measurable, true as is_moderated
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

final as (
    select
        week,
        kind,
        channel,
        coalesce(bool_or(measurable), false) as measurable,
        count(*) filter (where measurable and not is_moderated) as published,
        count(*) filter (where measurable and is_moderated) as moderated,
        count(*) filter (where not measurable) as unmeasurable_items,
        case when bool_or(measurable) then
            count(*) filter (where measurable and is_moderated)
            / count(*) filter (where measurable)
        end as moderation_rate,
    from items
    group by week, kind, channel
)

select * from final
order by week, kind, channel
