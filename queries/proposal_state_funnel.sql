-- State funnel: one row per state (submitted, evaluating, accepted, rejected, then withdrawn
-- apart), over proposals made in the window, amendments and hidden proposals excluded.
--   proposals  proposals in this state now
--   reached    proposals that got at least this far: every live proposal was submitted,
--              evaluation precedes a decision, accepted and rejected are final;
--              withdrawn proposals stand apart (reached = proposals)
-- Filters: since/until on the making date, platform, channel, circle of the author, district
-- of the proposal.
with
proposals as (
    select state
    from window_proposals($since, $until, $platform, $channel, $circle, $district)
),

stages as (
    select * from (
        values
            (1, 'submitted', false),
            (2, 'evaluating', false),
            (3, 'accepted', false),
            (4, 'rejected', false),
            (5, 'withdrawn', true)
    ) as stage (stage_order, state, is_apart)
),

counted as (
    select state, count(*) as proposals
    from proposals
    group by state
),

final as (
    select
        stages.stage_order,
        stages.state,
        stages.is_apart,
        coalesce(counted.proposals, 0) as proposals,
        case stages.state
            when 'submitted' then (select count(*) from proposals where state <> 'withdrawn')
            when 'evaluating' then (
                select count(*) from proposals where state in ('evaluating', 'accepted', 'rejected')
            )
            else coalesce(counted.proposals, 0)
        end as reached,
    from stages
    left join counted using (state)
)

select * from final
order by stage_order
