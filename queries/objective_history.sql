-- Objective history: one row per version of an objective, oldest first for each indicator:
-- what the target, deadline and start were from `recorded_at` on, whether that version closed
-- the objective, and where it came from (a sheet's file name, or 'dashboard').
with
versions as (
    select indicator, version, target, deadline, starts_on, closed, recorded_at, recorded_from
    from objective_versions
),

final as (
    select * from versions
)

select * from final
order by indicator, version
