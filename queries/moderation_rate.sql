-- Moderation rate: one row. moderated / (published + moderated) over content written by
-- participants (proposals, amendments, comments, debates, arguments, free-text answers; never
-- votes or supports), counting only content from sources that can reveal moderation (see
-- source_moderation in derive.sql). Hidden items that the content files omit (listed only in
-- a moderations file) count as moderated. Withdrawn content was published, so it counts as
-- published. `measurable` is false and `moderation_rate` NULL (never 0) when no source of
-- the filtered content can reveal moderation. `median_hours_to_hide` runs from the first
-- report to the hiding, where the source gives both.
-- Filters: since/until on the content date (hidden-only items: their first report, else
-- hiding), platform, channel, circle of the author and district of the content; hidden-only
-- items have no known author or district and drop out when a circle or district is chosen.
with
written as (
    select
        moderation_measurable as measurable,
        is_moderated,
        person_id,
        first_reported_at,
        hidden_at,
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
    select
        true as measurable,
        true as is_moderated,
        null as person_id,
        first_reported_at,
        hidden_at,
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
        coalesce(bool_or(measurable), false) as measurable,
        count(*) filter (where measurable and not is_moderated) as published,
        count(*) filter (where measurable and is_moderated) as moderated,
        count(*) filter (where not measurable) as unmeasurable_items,
        count(distinct person_id) filter (where measurable) as authors,
        case when bool_or(measurable) then
            count(*) filter (where measurable and is_moderated)
            / count(*) filter (where measurable)
        end as moderation_rate,
        median(epoch(hidden_at - first_reported_at) / 3600.0) filter (
            where measurable and is_moderated and hidden_at >= first_reported_at
        ) as median_hours_to_hide,
        count(*) filter (
            where measurable and is_moderated and hidden_at >= first_reported_at
        ) as hide_times_known,
        0.0001 as benchmark,
    from items
)

select * from final
