-- Proposal states: one row per state, each proposal counted once in its state now, over the
-- proposals made in the window (amendments and hidden proposals excluded). States do not nest
-- (a rejected proposal never was an accepted one), so they are drawn side by side in one bar.
--   proposals  proposals in this state now
--   share      of every proposal made in the window, withdrawn included
--   is_open    waiting for a decision: not answered yet (submitted) or under study
--              (evaluating); the open backlog at the end of the last week
--   is_apart   withdrawn by their author: made, but never open and never decided
-- Filters: since/until on the making date, platform, channel, circle of the author, district
-- of the proposal.
with
proposals as (
    select state
    from window_proposals($since, $until, $platform, $channel, $circle, $district, $campaign)
),

states as (
    select * from (
        values
            (1, 'submitted', true, false),
            (2, 'evaluating', true, false),
            (3, 'accepted', false, false),
            (4, 'rejected', false, false),
            (5, 'withdrawn', false, true)
    ) as state (stage_order, state, is_open, is_apart)
),

counted as (
    select state, count(*) as proposals
    from proposals
    group by state
),

final as (
    select
        states.stage_order,
        states.state,
        states.is_open,
        states.is_apart,
        coalesce(counted.proposals, 0) as proposals,
        coalesce(counted.proposals, 0) / nullif(sum(counted.proposals) over (), 0) as share,
    from states
    left join counted using (state)
)

select * from final
order by stage_order
