-- New participants: one row per week (Monday) and circle, over the weeks of the window that
-- hold first contributions. A person is new in the week of their first contribution EVER
-- (of the chosen platform and channel, if any): since/until (and the phase) only choose which
-- first contributions are shown, they never make an old participant new again. `cumulative`
-- is the running total per circle since the campaign began, so it starts at the participants
-- who came before the window.
-- Filters: since/until on the first contribution's date, platform and channel of the
-- contributions, circle and home district of the person.
-- window_first_days counts the participants by the day of their first contribution.
with
participants as (
    select day, circle, participants
    from window_first_days($until, $platform, $channel, $campaign)
    where ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

first_weeks as (
    select circle, date_trunc('week', day)::date as week, participants
    from participants
    where $since is null or day >= cast($since as date)
),

weekly as (
    select week, circle, sum(participants)::bigint as new_participants
    from first_weeks
    group by week, circle
),

weeks as (
    select unnest(generate_series(min(week), max(week), interval 7 day))::date as week
    from first_weeks
    having count(*) > 0
),

circles as (
    select unnest([1, 2, 3]) as circle
),

-- participants whose first contribution came before the window: where the curve starts
earlier as (
    select circle, sum(participants)::bigint as participants
    from participants
    where day < cast($since as date)
    group by circle
),

final as (
    select
        weeks.week,
        circles.circle,
        coalesce(weekly.new_participants, 0) as new_participants,
        (
            coalesce(earlier.participants, 0)
            + sum(coalesce(weekly.new_participants, 0)) over (
                partition by circles.circle order by weeks.week
            )
        )::bigint as cumulative,
    from weeks
    cross join circles
    left join weekly using (week, circle)
    left join earlier using (circle)
)

select * from final
order by week, circle
