-- The week's participants: one row for the window [$since, $until] (a Monday-Sunday week).
--   active                      persons with a contribution of their own in the window
--   new_participants            persons whose first contribution ever (within the campaign,
--                               when one is chosen) falls in the window
--   active_beyond_first_circle  active persons of circles 2 and 3
--   beyond_first_circle_share   active_beyond_first_circle / active
-- The whole campaign: only the dates and the campaign filter.
with
active as (
    select circle, participants
    from window_participant_counts($since, $until, null, null, $campaign)
),

first_ever as (
    select coalesce(sum(participants), 0)::bigint as new_participants
    from window_first_days($until, null, null, $campaign)
    where day >= cast($since as date)
),

final as (
    select
        coalesce(sum(participants), 0)::bigint as active,
        (select new_participants from first_ever) as new_participants,
        coalesce(sum(participants) filter (where active.circle in (2, 3)), 0)::bigint
            as active_beyond_first_circle,
        coalesce(sum(participants) filter (where active.circle in (2, 3)), 0)::bigint
            / nullif(coalesce(sum(participants), 0)::bigint, 0) as beyond_first_circle_share,
    from active
)

select * from final
