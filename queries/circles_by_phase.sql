-- Circles by phase: one row per campaign phase and circle, persons who contributed during
-- that phase (a person active in two phases counts in both). Contributions outside every
-- phase form a row with a null phase. Filters as in reach_by_circle.
with
participant_phases as (
    select phase_id, circle, participants
    from window_participant_phase_counts($since, $until, $platform, $channel, $campaign)
    where ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

counted as (
    select phase_id, circle, sum(participants)::bigint as participants
    from participant_phases
    group by phase_id, circle
),

final as (
    select
        counted.phase_id,
        phases.name as phase_name,
        phases.starts_on,
        phases.restricted,
        counted.circle,
        counted.participants,
        counted.participants / sum(counted.participants) over (
            partition by counted.phase_id
        ) as share,
    from counted
    left join phases using (phase_id)
)

select * from final
order by starts_on nulls last, phase_id, circle
