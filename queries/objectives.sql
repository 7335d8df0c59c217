-- Objectives: one row per indicator whose latest version is open (not closed): its target,
-- deadline and start, how many versions it has had, and, when its target was changed, the
-- target it replaced (previous_target) and the day of the change (target_changed_at).
with
versions as (
    select indicator, version, target, deadline, starts_on, closed, recorded_at, recorded_from
    from objective_versions
),

latest as (
    select *
    from versions
    qualify row_number() over (partition by indicator order by version desc) = 1
),

-- the last version whose target differs from today's, and the version that changed it
last_other_target as (
    select
        latest.indicator,
        arg_max(versions.target, versions.version) as previous_target,
        max(versions.version) as previous_version,
    from latest
    inner join versions
        on versions.indicator = latest.indicator
        and versions.version < latest.version
        and versions.target <> latest.target
    group by latest.indicator
),

changes as (
    select
        last_other_target.indicator,
        last_other_target.previous_target,
        versions.recorded_at as target_changed_at,
    from last_other_target
    inner join versions
        on versions.indicator = last_other_target.indicator
        and versions.version = last_other_target.previous_version + 1
),

final as (
    select
        latest.indicator,
        latest.target,
        latest.deadline,
        latest.starts_on,
        latest.version as versions,
        latest.recorded_at,
        latest.recorded_from,
        changes.previous_target,
        changes.target_changed_at,
    from latest
    left join changes using (indicator)
    where not latest.closed
)

select * from final
order by indicator
