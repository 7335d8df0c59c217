-- Meetings held in the window: one row, their number and anonymous headcounts (attendance
-- without its identified attendees: what the headline and the objectives read).
-- Filters: since/until on the meeting start, platform, channel (online when the meeting is
-- online, in person otherwise), district of the meeting. Headcounts have no circle.
with
held as (
    select headcount
    from window_meetings($since, $until, $platform, $channel, $district, $campaign)
),

final as (
    select
        count(*) as meetings,
        coalesce(sum(headcount), 0)::bigint as headcount,
        count(headcount) as meetings_with_headcount,
    from held
)

select * from final
