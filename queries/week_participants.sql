-- The week's participants: one row for the window [$since, $until] (a Monday-Sunday week).
--   active                      persons with a contribution of their own in the window
--   new_participants            persons whose first contribution ever (within the campaign,
--                               when one is chosen) falls in the window
--   active_beyond_first_circle  active persons of circles 2 and 3
--   beyond_first_circle_share   active_beyond_first_circle / active
-- The whole campaign: only the dates and the campaign filter.
with
active as (
    select circle
    from window_participants($since, $until, null, null, $campaign)
),

first_ever as (
    select count(*) as new_participants
    from window_participants(null, $until, null, null, $campaign)
    where first_at >= cast($since as date)
),

final as (
    select
        count(*) as active,
        (select new_participants from first_ever) as new_participants,
        count(*) filter (where active.circle in (2, 3)) as active_beyond_first_circle,
        count(*) filter (where active.circle in (2, 3)) / nullif(count(*), 0)
            as beyond_first_circle_share,
    from active
)

select * from final
