-- The campaign's calendar: one row per configured phase, in order, with the proposals made
-- and the meetings held during it. Filters: since/until, platform, channel and district select
-- the proposals and meetings counted (circle selects proposals by their author's circle);
-- every phase is listed.
with
made as (
    select phase_id, count(*) as proposals
    from window_proposals($since, $until, $platform, $channel, $circle, $district, $campaign)
    group by phase_id
),

held as (
    select phase_id, count(*) as meetings, coalesce(sum(headcount), 0)::bigint as headcount
    from window_meetings($since, $until, $platform, $channel, $district, $campaign)
    where start_at is not null
    group by phase_id
),

final as (
    select
        phases.phase_id,
        phases.name,
        phases.starts_on,
        phases.ends_on,
        coalesce(phases.restricted, false) as restricted,
        date_diff('day', phases.starts_on, phases.ends_on) + 1 as days,
        coalesce(made.proposals, 0) as proposals,
        coalesce(held.meetings, 0) as meetings,
        coalesce(held.headcount, 0) as headcount,
    from phases
    left join made using (phase_id)
    left join held using (phase_id)
)

select * from final
order by starts_on, phase_id
