-- Summaries that let the metric queries answer the usual views (no filter, or only an end
-- date) from one row per participant instead of every contribution. Both come from one
-- pass over the contributions, counted per participant, phase and channel.
create or replace temp table participant_phase_channels as
select person_key, phase_id, channel, min(created_at) as first_at, count(*) as contributions,
from contribution_facts
where is_person
group by all;

-- One row per participant (a person with a contribution of their own): first contribution
-- overall and on each channel.
create or replace table participant_facts as
with
contributed as (
    select
        person_key,
        min(first_at) as first_contribution_at,
        min(first_at) filter (where channel = 'online') as first_online_at,
        min(first_at) filter (where channel = 'in_person') as first_in_person_at,
        bool_or(channel = 'online') as has_online,
        bool_or(channel = 'in_person') as has_in_person,
        sum(contributions)::bigint as contributions,
    from participant_phase_channels
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

-- One row per participant and phase they contributed in (null phase: outside every phase).
create or replace table participant_phase_facts as
with
contributed as (
    select person_key, phase_id, min(first_at) as first_contribution_at,
    from participant_phase_channels
    group by person_key, phase_id
),

final as (
    select
        contributed.person_key,
        contributed.phase_id,
        person_facts.circle,
        person_facts.home_district_id,
        contributed.first_contribution_at,
    from contributed
    inner join person_facts using (person_key)
)

select * from final;

drop table participant_phase_channels;
