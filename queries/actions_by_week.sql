-- Field actions by week: one row per week, action type and district (null district: the
-- place is unknown, "lieu inconnu"), with what the sheets count. The page sums it by type,
-- by district and over time.
-- Filters: since/until on the action's date, district of the action. Circle, platform and
-- channel do not apply (an action has none).
with
actions as (
    select *
    from action_facts
    where ($since is null or action_date >= cast($since as date))
        and ($until is null or action_date <= cast($until as date))
        and ($district is null or district_id = $district)
),

final as (
    select
        actions.week,
        actions.action_type,
        actions.district_id,
        districts.name as district_name,
        count(*) as actions,
        coalesce(sum(actions.volunteers), 0)::bigint as volunteers,
        coalesce(sum(actions.doors_knocked), 0)::bigint as doors_knocked,
        coalesce(sum(actions.doors_opened), 0)::bigint as doors_opened,
        coalesce(sum(actions.conversations), 0)::bigint as conversations,
        coalesce(sum(actions.contacts), 0)::bigint as contacts,
        coalesce(sum(actions.leaflets), 0)::bigint as leaflets,
    from actions
    left join districts using (district_id)
    group by all
)

select * from final
order by week, action_type, district_id nulls last
