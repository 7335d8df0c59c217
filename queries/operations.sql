-- Operations: one row per operation, the field actions of one district whose dates each fall
-- within 14 days of the previous one. After-window A: first action's date to the last
-- action's date + 13 days; before-window B: as long as A, ending the day before the first
-- action. New participants of a district in a window: persons whose home district it is and
-- whose first contribution ever falls in the window. n_before, n_after: the district's;
-- c_before, c_after: the same summed over the control districts (no action during B or A).
-- The rate ratio, its interval and the verdict are computed from these counts in Python
-- (dashboard/mobilisation.py).
-- Filters: since/until on the operation's first action, district of the operation; circle
-- narrows the new participants counted. Platform and channel do not apply: a first
-- contribution ever is one, wherever it was made. Newcomers are counted per district and
-- day from participant_daily.
with
actions as (
    select district_id, action_date, action_type, doors_knocked, doors_opened
    from action_facts
    where district_id is not null and action_date is not null
),

newcomers as (
    select home_district_id as district_id, first_day, sum(participants)::bigint as participants
    from participant_daily
    where home_district_id is not null
        and first_day is not null
        and ($circle is null or circle = $circle)
    group by all
),

gaps as (
    select
        *,
        coalesce(
            date_diff(
                'day',
                lag(action_date) over (partition by district_id order by action_date),
                action_date
            ) > 14,
            true
        ) as starts_operation,
    from actions
),

numbered as (
    select
        *,
        sum(starts_operation::integer) over (
            partition by district_id order by action_date rows unbounded preceding
        ) as operation_number,
    from gaps
),

grouped as (
    select
        district_id,
        operation_number,
        min(action_date) as first_date,
        max(action_date) as last_date,
        count(*) as actions,
        string_agg(distinct action_type, ',' order by action_type) as action_types,
        sum(doors_knocked)::bigint as doors_knocked,
        sum(doors_opened)::bigint as doors_opened,
    from numbered
    group by district_id, operation_number
),

windows as (
    select
        *,
        first_date - (date_diff('day', first_date, last_date) + 14)::integer as before_start,
        first_date - 1 as before_end,
        last_date + 13 as after_end,
    from grouped
    where ($since is null or first_date >= cast($since as date))
        and ($until is null or first_date <= cast($until as date))
        and ($district is null or district_id = $district)
),

treated as (
    select
        windows.district_id,
        windows.operation_number,
        coalesce(sum(newcomers.participants) filter (
            where newcomers.first_day between windows.before_start and windows.before_end
        ), 0)::bigint as n_before,
        coalesce(sum(newcomers.participants) filter (
            where newcomers.first_day between windows.first_date and windows.after_end
        ), 0)::bigint as n_after,
    from windows
    left join newcomers using (district_id)
    group by windows.district_id, windows.operation_number
),

control_districts as (
    select windows.district_id as operation_district, windows.operation_number, districts.district_id
    from windows
    cross join districts
    where not exists (
        select 1
        from actions
        where actions.district_id = districts.district_id
            and actions.action_date between windows.before_start and windows.after_end
    )
),

controls as (
    select
        windows.district_id,
        windows.operation_number,
        coalesce(sum(newcomers.participants) filter (
            where newcomers.first_day between windows.before_start and windows.before_end
        ), 0)::bigint as c_before,
        coalesce(sum(newcomers.participants) filter (
            where newcomers.first_day between windows.first_date and windows.after_end
        ), 0)::bigint as c_after,
        count(distinct control_districts.district_id) as control_districts,
    from windows
    left join control_districts
        on windows.district_id = control_districts.operation_district
        and windows.operation_number = control_districts.operation_number
    left join newcomers on control_districts.district_id = newcomers.district_id
    group by windows.district_id, windows.operation_number
),

final as (
    select
        windows.district_id,
        districts.name as district_name,
        windows.first_date,
        windows.last_date,
        windows.actions,
        windows.action_types,
        windows.doors_knocked,
        windows.doors_opened,
        windows.before_start,
        windows.before_end,
        windows.after_end,
        treated.n_before,
        treated.n_after,
        controls.c_before,
        controls.c_after,
        controls.control_districts,
    from windows
    inner join treated using (district_id, operation_number)
    inner join controls using (district_id, operation_number)
    left join districts on windows.district_id = districts.district_id
)

select * from final
order by first_date, district_id
