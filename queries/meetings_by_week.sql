-- Meetings over time: one row per week (Monday) with at least one meeting in the window:
-- meetings, headcounts (attendance, never participants), proposals made in them and
-- proposals per meeting. Filters as in meetings_by_district.
with
held as (
    select meeting_id, week, headcount
    from window_meetings($since, $until, $platform, $channel, $district, $campaign)
    where start_at is not null
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
