-- Synthesis time: one row. How long the campaign took to turn proposals into answers once the
-- collection closed.
--   open_phase_*         the unrestricted phase where most proposals were made (latest on a
--                        tie): the campaign's open phase; null when no phase is configured
--   collection_ended_on  the open phase's last day, else the last day a proposal was made
--   last_answer_on       the day of the last answer
--   synthesis_days       last_answer_on - collection_ended_on, at least 0 (reference: 10 to 15)
--   answered_after_close proposals answered after the collection closed, and how many days
--                        after it (median) they were answered
-- Amendments and hidden proposals are excluded (proposal_facts.is_counted). Filters: since/until
-- select proposals by their making date, platform, channel, circle of the author, district of
-- the proposal.
with
made as (
    select made_at, answered_at, phase_id
    from window_proposals($since, $until, $platform, $channel, $circle, $district, $campaign)
),

open_phase as (
    select phases.phase_id, phases.name, phases.ends_on
    from made
    inner join phases using (phase_id)
    where not coalesce(phases.restricted, false)
    group by phases.phase_id, phases.name, phases.ends_on
    order by count(*) desc, phases.ends_on desc
    limit 1
),

closing as (
    select
        (select phase_id from open_phase) as open_phase_id,
        (select name from open_phase) as open_phase_name,
        coalesce((select ends_on from open_phase), max(made_at)::date) as collection_ended_on,
        max(answered_at)::date as last_answer_on,
        count(*) as proposals,
        count(answered_at) as answered,
    from made
),

after_close as (
    select
        count(*) as answered_after_close,
        median(date_diff('day', closing.collection_ended_on, made.answered_at::date))
            as median_days_after_close,
    from made, closing
    where made.answered_at::date > closing.collection_ended_on
),

final as (
    select
        closing.open_phase_id,
        closing.open_phase_name,
        closing.collection_ended_on,
        closing.last_answer_on,
        -- answers all given before the collection closed: no synthesis delay
        greatest(0, date_diff('day', closing.collection_ended_on, closing.last_answer_on))
            as synthesis_days,
        closing.proposals,
        closing.answered,
        after_close.answered_after_close,
        after_close.median_days_after_close,
    from closing, after_close
)

select * from final
