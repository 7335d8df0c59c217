-- The warehouse's activity bounds, one row, so that a page reads two values rather than every
-- contribution, proposal and meeting (metrics.activity_bounds, what open_ended and the
-- reference day ask on every page):
--   last_day   the latest day anything happened (contribution, proposal made or answered,
--              meeting held); null in an empty warehouse
--   undated    whether a contribution, a proposal or a meeting has no known date
create or replace table activity_bounds as
select
    greatest(
        (select max(created_at) from contribution_facts),
        (select max(coalesce(published_at, created_at)) from proposal_facts),
        (select max(answered_at) from proposal_facts),
        (select max(start_at) from meeting_facts)
    )::date as last_day,
    exists (select 1 from contribution_facts where created_at is null)
        or exists (
            select 1 from proposal_facts where coalesce(published_at, created_at) is null
        )
        or exists (select 1 from meeting_facts where start_at is null) as undated;
