-- Meetings ranked: one row per meeting held in the window, the most first-timers first.
-- headcount is the anonymous attendance; identified = persons on its sign-in sheet (or
-- registered); first_timers = identified attendees whose first contribution ever is this
-- attendance (nothing of theirs is dated earlier); beyond_first_circle = identified
-- attendees of circles 2 and 3; proposals = proposals made there (amendments and hidden
-- proposals excluded).
-- Filters: since/until on the meeting start, platform, channel, district of the meeting;
-- circle narrows the identified attendees (headcounts have no circle). Attendees are counted
-- per meeting and circle at import (meeting_attendee_counts).
with
held as (
    select meeting_id, title, start_at, district_id, headcount
    from window_meetings($since, $until, $platform, $channel, $district, $campaign)
    where start_at is not null
),

attendees as (
    select meeting_attendee_counts.*
    from meeting_attendee_counts
    inner join held using (meeting_id)
    where $circle is null or meeting_attendee_counts.circle = $circle
),

per_meeting as (
    select
        meeting_id,
        sum(identified)::bigint as identified,
        sum(first_timers)::bigint as first_timers,
        coalesce(sum(identified) filter (where circle in (2, 3)), 0)::bigint
            as beyond_first_circle,
    from attendees
    group by meeting_id
),

-- counted for the meetings held only: a week's few meetings need not count every meeting's
made_there as (
    select meeting_id, count(*) as proposals
    from proposal_facts
    where is_counted and meeting_id in (select meeting_id from held)
    group by meeting_id
),

final as (
    select
        held.meeting_id,
        held.title,
        held.start_at::date as date,
        held.district_id,
        districts.name as district_name,
        held.headcount,
        coalesce(per_meeting.identified, 0) as identified,
        coalesce(per_meeting.first_timers, 0) as first_timers,
        coalesce(per_meeting.beyond_first_circle, 0) as beyond_first_circle,
        coalesce(made_there.proposals, 0) as proposals,
    from held
    left join per_meeting using (meeting_id)
    left join made_there using (meeting_id)
    left join districts using (district_id)
)

select * from final
order by first_timers desc, identified desc, date, meeting_id
