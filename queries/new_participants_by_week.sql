-- New participants: one row per week (Monday) and circle, from the first to the last week
-- with a first contribution. A person is new in the week of their first contribution
-- matching the filters; `cumulative` is the running total per circle (the cumulative curve).
-- Filters as in reach_by_circle.
with
first_weeks as (
    select person_key, circle, date_trunc('week', first_at)::date as week
    from window_participants($since, $until, $platform, $channel)
    where ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

weekly as (
    select week, circle, count(*) as new_participants
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

final as (
    select
        weeks.week,
        circles.circle,
        coalesce(weekly.new_participants, 0) as new_participants,
        sum(coalesce(weekly.new_participants, 0)) over (
            partition by circles.circle order by weeks.week
        )::bigint as cumulative,
    from weeks
    cross join circles
    left join weekly using (week, circle)
)

select * from final
order by week, circle
