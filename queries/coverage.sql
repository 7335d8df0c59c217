-- Coverage: one row per headline metric. Which imported sources (source keys) could measure
-- it, how many persons and items it rests on (`items_are` says what is counted), and for
-- moderation how many items come from sources that cannot reveal it. Filters as in the
-- metric each row describes (person-based rows use the home district, content rows the
-- content's district).
with
person_contributions as (
    select source_key, person_id, home_district_id
    from contribution_facts
    where is_person
        and ($since is null or created_at >= cast($since as date))
        and ($until is null or created_at < cast($until as date) + 1)
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
        and ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

written as (
    select source_key, person_id, moderation_measurable
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

proposals as (
    select source_key, canonical_person_id, made_at, answered_at, days_to_answer, votes_digital,
        votes_paper,
    from proposal_facts
    where is_counted
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
        and ($circle is null or circle = $circle)
        and ($district is null or district_id = $district)
),

made as (
    select *
    from proposals
    where ($since is null or made_at >= cast($since as date))
        and ($until is null or made_at < cast($until as date) + 1)
),

answered as (
    select *
    from proposals
    where days_to_answer >= 0
        and ($since is null or answered_at >= cast($since as date))
        and ($until is null or answered_at < cast($until as date) + 1)
),

held as (
    select source_key, headcount
    from meeting_facts
    where ($since is null or start_at >= cast($since as date))
        and ($until is null or start_at < cast($until as date) + 1)
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
        and ($district is null or district_id = $district)
),

final as (
    select
        'participants' as metric,
        string_agg(distinct source_key, ', ' order by source_key) as sources,
        count(distinct person_id) as persons,
        count(*) as items,
        'contributions' as items_are,
        0 as unmeasured_items,
    from person_contributions
    union all
    select
        'district_reach',
        string_agg(distinct source_key, ', ' order by source_key),
        count(distinct person_id) filter (where home_district_id is not null),
        (select count(*) from districts where population > 0),
        'districts with a population',
        0,
    from person_contributions
    union all
    select
        'moderation_rate',
        string_agg(distinct source_key, ', ' order by source_key) filter (
            where moderation_measurable
        ),
        count(distinct person_id) filter (where moderation_measurable),
        count(*) filter (where moderation_measurable)
            + (select count(*) from hidden_item_facts where $circle is null and $district is null),
        'written items from sources that reveal moderation',
        count(*) filter (where not moderation_measurable),
    from written
    union all
    select
        'proposals',
        string_agg(distinct source_key, ', ' order by source_key),
        count(distinct canonical_person_id),
        count(*),
        'proposals (amendments and hidden excluded)',
        0,
    from made
    union all
    select
        'median_days_to_answer',
        string_agg(distinct source_key, ', ' order by source_key),
        count(distinct canonical_person_id),
        count(*),
        'proposals answered with a date',
        0,
    from answered
    union all
    select
        'votes_by_channel',
        string_agg(distinct source_key, ', ' order by source_key),
        count(distinct canonical_person_id),
        count(*),
        'proposals whose votes are split digital/paper',
        0,
    from made
    where votes_digital is not null or votes_paper is not null
    union all
    select
        'attendance',
        string_agg(distinct source_key, ', ' order by source_key),
        0,
        count(headcount),
        'meetings with a headcount',
        0,
    from held
)

select * from final
