-- Meetings over time: one row per week (Monday) with at least one meeting in the window:
-- meetings, headcounts (attendance, never participants), proposals made in them and
-- proposals per meeting. Filters as in meetings_by_district.
with
held as (
    select meeting_id, week, headcount
    from meeting_facts
    where start_at is not null
        and ($since is null or start_at >= cast($since as date))
        and ($until is null or start_at < cast($until as date) + 1)
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
        and ($district is null or district_id = $district)
),

made_in_meetings as (
    select meeting_id, count(*) as proposals
    from proposal_facts
    where is_counted and meeting_id is not null
    group by meeting_id
),

final as (
    select
        held.week,
        count(*) as meetings,
        coalesce(sum(held.headcount), 0)::bigint as headcount,
        coalesce(sum(made_in_meetings.proposals), 0)::bigint as proposals,
        coalesce(sum(made_in_meetings.proposals), 0) / count(*) as proposals_per_meeting,
    from held
    left join made_in_meetings using (meeting_id)
    group by held.week
)

select * from final
order by week
