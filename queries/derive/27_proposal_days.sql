-- Counted proposals per day, so that the weekly throughput and the proposals by channel of a
-- window never read every proposal (queries/proposals_by_week.sql, proposals_by_channel.sql).
-- Two rows kinds, each counting proposals (proposal_facts.is_counted) per day and filters
-- (platform, channel, campaigns, circle of the author, district, origin):
--   kind 'made'      day and week made (published, else created); moves_backlog: the
--                    proposal enters the open backlog (not withdrawn, not decided without an
--                    answer date)
--   kind 'answered'  day and week answered (null: not answered); moves_backlog: the answer
--                    decides it (accepted or rejected with an answer date) and takes it out
-- A moment compared with a date filter as on_or_after/on_or_before do is on its day, so a
-- window selects the same proposals from these days as from their timestamps.
create or replace table proposal_days as
with
counted as (
    select *
    from proposal_facts
    where is_counted
),

made as (
    select
        'made' as kind,
        made_at::date as day,
        week,
        state <> 'withdrawn'
            and not (answered_at is null and state in ('accepted', 'rejected')) as moves_backlog,
        platform, channel, campaign_ids, circle, district_id, origin,
        count(*) as proposals,
    from counted
    group by all
),

answered as (
    select
        'answered' as kind,
        answered_at::date as day,
        answered_week as week,
        state in ('accepted', 'rejected') and answered_at is not null as moves_backlog,
        platform, channel, campaign_ids, circle, district_id, origin,
        count(*) as proposals,
    from counted
    group by all
),

final as (
    select * from made
    union all
    select * from answered
)

select * from final
order by kind, day;
