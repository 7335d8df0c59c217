-- Attendance: one row. Meetings held in the window and their anonymous headcounts, shown
-- beside participants and never added to them; `identified_attendees` are the persons known
-- by a sign-in sheet or platform registration (they are participants).
-- Filters: since/until on the meeting start, platform, channel (online when the meeting is
-- online, in person otherwise), district of the meeting. Headcounts have no circle: the
-- circle filter applies only to identified attendees.
with
held as (
    select meeting_id, headcount
    from window_meetings($since, $until, $platform, $channel, $district, $campaign)
),

identified as (
    select count(distinct meeting_attendees.person_key) as identified_attendees
    from meeting_attendees
    inner join held using (meeting_id)
    where $circle is null or meeting_attendees.circle = $circle
),

meeting_totals as (
    select
        count(*) as meetings,
        coalesce(sum(headcount), 0)::bigint as headcount,
        count(headcount) as meetings_with_headcount,
    from held
),

final as (
    select meeting_totals.*, identified.identified_attendees
    from meeting_totals
    cross join identified
)

select * from final
