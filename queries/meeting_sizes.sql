-- Meeting sizes: one row. Meetings held in the window and the spread of their headcounts
-- (anonymous attendance, never participants), to set beside the reference campaign's
-- "9 meetings of 40 to 150 people". Filters as in meetings_by_week (circle does not apply).
with
held as (
    select headcount
    from window_meetings($since, $until, $platform, $channel, $district, $campaign)
    where start_at is not null
),

final as (
    select
        count(*) as meetings,
        count(headcount) as meetings_with_headcount,
        min(headcount) as smallest,
        median(headcount) as median_headcount,
        max(headcount) as largest,
    from held
)

select * from final
