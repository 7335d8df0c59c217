-- Versions before 2026-12 also kept participant_phase_facts (one row per participant and
-- phase), which no query read any more: it goes from older warehouses.
drop table if exists participant_phase_facts;

-- One row per participant (a person with a contribution of their own): first contribution
-- overall and on each channel.
create or replace table participant_facts as
with
contributed as (
    select
        person_key,
        min(created_at) as first_contribution_at,
        min(created_at) filter (where channel = 'online') as first_online_at,
        min(created_at) filter (where channel = 'in_person') as first_in_person_at,
        bool_or(channel = 'online') as has_online,
        bool_or(channel = 'in_person') as has_in_person,
        count(*) as contributions,
    from contribution_facts
    where is_person
    group by person_key
),

final as (
    select
        contributed.person_key,
        person_facts.circle,
        person_facts.circle_source,
        person_facts.home_district_id,
        person_facts.home_district_source,
        contributed.* exclude (person_key),
    from contributed
    inner join person_facts using (person_key)
)

select * from final;
