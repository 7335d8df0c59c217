-- Field effort: one row per district of the territory, plus one row with a null district for
-- the actions whose place is unknown ("lieu inconnu"). Actions, doors knocked and opened in
-- the 21 days ending on the reference day (the end date filter, else the last day with any
-- activity or action in the warehouse: activity_bounds' last day, the one the overview and
-- the objectives read as of, or a later action), and the date of the district's last action
-- up to that day. Missing participants are set beside it from district_reach (Python).
-- Filters: until sets the reference day; district narrows the rows shown. The other filters
-- do not apply: effort is what the team did, whoever it reached.
with
reference as (
    select coalesce(
        cast($until as date),
        greatest(
            (select last_day from activity_bounds),
            (select max(action_date) from action_facts)
        )
    ) as reference_day
),

actions as (
    select action_facts.*, reference.reference_day
    from action_facts
    cross join reference
    where action_facts.action_date <= reference.reference_day
),

per_district as (
    select
        district_id,
        count(*) filter (where action_date > reference_day - 21) as actions_21d,
        coalesce(sum(doors_knocked) filter (where action_date > reference_day - 21), 0)::bigint
            as doors_knocked_21d,
        coalesce(sum(doors_opened) filter (where action_date > reference_day - 21), 0)::bigint
            as doors_opened_21d,
        count(*) as actions_total,
        max(action_date) as last_action_date,
    from actions
    group by district_id
),

territory as (
    select district_id, name
    from districts
    where $district is null or district_id = $district
    union all
    select null, null
),

final as (
    select
        territory.district_id,
        territory.name,
        coalesce(per_district.actions_21d, 0) as actions_21d,
        coalesce(per_district.doors_knocked_21d, 0) as doors_knocked_21d,
        coalesce(per_district.doors_opened_21d, 0) as doors_opened_21d,
        coalesce(per_district.actions_total, 0) as actions_total,
        per_district.last_action_date,
        reference.reference_day,
    from territory
    cross join reference
    left join per_district on territory.district_id is not distinct from per_district.district_id
    where territory.district_id is not null or per_district.actions_total > 0
)

select * from final
order by district_id nulls last
