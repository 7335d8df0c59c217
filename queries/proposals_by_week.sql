-- Proposal throughput: one row per week (Monday) from the first to the last week with a
-- proposal made or answered in the window.
--   submitted     proposals made (published, else created) that week
--   answered      proposals answered that week (any answer, evaluating included)
--   open_backlog  proposals made by the week's end and waiting for a decision then: not
--                 answered, or answered "under study" (evaluating) and not decided since;
--                 a proposal leaves it when accepted or rejected (its answer date).
--                 Withdrawn proposals, and decisions without an answer date, are never open
-- Amendments and hidden proposals are excluded everywhere (proposal_facts.is_counted).
-- Filters: since/until choose the weeks (submitted by making date, answered by answer date;
-- the backlog is a stock and counts older proposals too), platform, channel, circle of the
-- author, district of the proposal.
with
proposals as (
    select made_at, answered_at, week as made_week, answered_week, state
    from proposal_facts
    where is_counted
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
        and ($circle is null or circle = $circle)
        and ($district is null or district_id = $district)
),

in_window as (
    select
        made_week,
        answered_week,
        ($since is null or made_at >= cast($since as date))
            and ($until is null or made_at < cast($until as date) + 1) as made_in_window,
        ($since is null or answered_at >= cast($since as date))
            and ($until is null or answered_at < cast($until as date) + 1) as answered_in_window,
    from proposals
),

weeks as (
    select unnest(generate_series(min(week), max(week), interval 7 day))::date as week
    from (
        select made_week as week from in_window where made_in_window
        union all
        select answered_week from in_window where answered_in_window
    )
    having count(*) > 0
),

submitted as (
    select made_week as week, count(*) as submitted
    from in_window
    where made_in_window
    group by made_week
),

answered as (
    select answered_week as week, count(*) as answered
    from in_window
    where answered_in_window
    group by answered_week
),

-- the backlog opens when a proposal is made and closes when it is decided
backlog_moves as (
    select made_week as week, count(*) as opened, 0 as closed
    from proposals
    where state <> 'withdrawn'
        and not (answered_at is null and state in ('accepted', 'rejected'))
    group by made_week
    union all
    select answered_week, 0, count(*)
    from proposals
    where state in ('accepted', 'rejected') and answered_at is not null
    group by answered_week
),

backlog as (
    select
        weeks.week,
        (
            select coalesce(sum(opened - closed), 0)::bigint
            from backlog_moves
            where backlog_moves.week <= weeks.week
        ) as open_backlog,
    from weeks
),

final as (
    select
        weeks.week,
        coalesce(submitted.submitted, 0) as submitted,
        coalesce(answered.answered, 0) as answered,
        backlog.open_backlog,
    from weeks
    left join submitted using (week)
    left join answered using (week)
    left join backlog using (week)
)

select * from final
order by week
