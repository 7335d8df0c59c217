-- Identified attendees counted per meeting and circle, so that ranking the meetings of a
-- window never reads every sign-in line (queries/meetings_ranked.sql).
-- One row per meeting and circle of its identified attendees:
--   identified     persons on its sign-in sheet (or registered), each once
--   first_timers   of those, the ones whose first contribution ever is this attendance
-- A person has one circle, so a meeting's persons are the sum over its circles.
create or replace table meeting_attendee_counts as
with
attendees as (
    select
        meeting_attendees.meeting_id,
        meeting_attendees.person_key,
        meeting_attendees.circle,
        participant_facts.first_contribution_at = meeting_attendees.attended_at
            as is_first_time,
    from meeting_attendees
    left join participant_facts using (person_key)
),

final as (
    select
        meeting_id,
        circle,
        count(distinct person_key) as identified,
        count(distinct person_key) filter (where is_first_time) as first_timers,
    from attendees
    group by meeting_id, circle
)

select * from final;
