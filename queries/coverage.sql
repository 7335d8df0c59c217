-- Coverage: one row per headline metric. Which imported sources (source keys) could measure
-- it in the window, how many persons and items it rests on (`items_are` says what is
-- counted; persons is NULL where the metric counts items, not people: proposals, moderated
-- items, meetings), and for moderation how many written items come from sources that cannot
-- reveal it. Filters as in the metric each row describes (person-based rows use the home
-- district, content rows the content's district); a source is listed when its dates overlap
-- the window.
with
sources_in_window as (
    select *
    from source_facts
    where ($since is null or last_at >= cast($since as date))
        and ($until is null or first_at < cast($until as date) + 1)
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
),

participants as (
    select home_district_id, participants
    from window_participant_counts($since, $until, $platform, $channel, $campaign)
    where ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

participant_contributions as (
    select count(*) as items
    from contribution_facts
    where is_person
        and ($since is null or created_at >= cast($since as date))
        and ($until is null or created_at < cast($until as date) + 1)
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
        and ($circle is null or circle = $circle)
        and (
            $district is null
            or person_key in (select person_key from person_facts where home_district_id = $district)
        )
),

written as (
    select measurable, items
    from window_written($since, $until, $platform, $channel, $circle, $district, $campaign)
),

made as (
    select source_key, votes_digital, votes_paper
    from window_proposals($since, $until, $platform, $channel, $circle, $district, $campaign)
),

answered as (
    select source_key
    from window_answers($since, $until, $platform, $channel, $circle, $district, $campaign)
    where days_to_answer >= 0
),

held as (
    select source_key, headcount
    from window_meetings($since, $until, $platform, $channel, $district, $campaign)
),

final as (
    select
        'participants' as metric,
        (
            select string_agg(distinct source_key, ', ' order by source_key)
            from sources_in_window
            where participant_contributions > 0
        ) as sources,
        (select coalesce(sum(participants), 0)::bigint from participants) as persons,
        (select items from participant_contributions) as items,
        'contributions by participants' as items_are,
        0 as unmeasured_items,
    union all
    select
        'district_reach',
        (
            select string_agg(distinct source_key, ', ' order by source_key)
            from sources_in_window
            where participant_contributions > 0
        ),
        (
            select coalesce(sum(participants), 0)::bigint
            from participants
            where home_district_id is not null
        ),
        (select count(*) from districts where population > 0),
        'districts with a population',
        0,
    union all
    select
        'moderation_rate',
        (
            select string_agg(distinct source_key, ', ' order by source_key)
            from sources_in_window
            where moderation_measurable and written_items > 0
        ),
        null,
        coalesce((select sum(items) from written where measurable), 0)::bigint,
        'written items from sources that reveal moderation',
        coalesce((select sum(items) from written where not measurable), 0)::bigint,
    union all
    select
        'proposals',
        string_agg(distinct source_key, ', ' order by source_key),
        null,
        count(*),
        'proposals (amendments and hidden excluded)',
        0,
    from made
    union all
    select
        'median_days_to_answer',
        string_agg(distinct source_key, ', ' order by source_key),
        null,
        count(*),
        'proposals answered with a date',
        0,
    from answered
    union all
    select
        'votes_by_channel',
        string_agg(distinct source_key, ', ' order by source_key),
        null,
        count(*),
        'proposals whose votes are split digital/paper',
        0,
    from made
    where votes_digital is not null or votes_paper is not null
    union all
    select
        'attendance',
        string_agg(distinct source_key, ', ' order by source_key),
        null,
        count(headcount),
        'meetings with a headcount',
        0,
    from held
)

select * from final
