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
-- proposals made and answered per day (queries/derive/27_proposal_days.sql)
days as (
    select kind, day, week, moves_backlog, proposals
    from proposal_days
    where matches(platform, $platform)
        and matches(channel, $channel)
        and matches(circle, $circle)
        and matches(district_id, $district)
),

in_window as (
    select
        kind,
        week,
        proposals,
        on_or_after(day, $since) and on_or_before(day, $until) as in_window,
    from days
),

weeks as (
    select unnest(generate_series(min(week), max(week), interval 7 day))::date as week
    from in_window
    where in_window
    having count(*) > 0
),

submitted as (
    select week, sum(proposals)::bigint as submitted
    from in_window
    where kind = 'made' and in_window
    group by week
),

answered as (
    select week, sum(proposals)::bigint as answered
    from in_window
    where kind = 'answered' and in_window
    group by week
),

-- the backlog opens when a proposal is made and closes when it is decided
backlog_moves as (
    select
        week,
        coalesce(sum(proposals) filter (where kind = 'made'), 0)::bigint as opened,
        coalesce(sum(proposals) filter (where kind = 'answered'), 0)::bigint as closed,
    from days
    where moves_backlog
    group by week
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
