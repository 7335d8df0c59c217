-- contribution_facts, one row per contribution: a view over the facts of the exports' rows
-- and those of the Grand Débat answers with an author, stored apart with only what varies.
-- Narrow on purpose: at ten million rows every column costs about 0.4 CPU-second of each
-- import. So no ids in text (located_contributions() gives a contribution's id and district),
-- the person is its integer key (person_facts holds their home district and how the circle
-- was found), and is_written says once whether moderation applies to it.

-- each source's host worked out once, not once per contribution
create or replace temp table source_hosts as
select
    source_key,
    moderation_measurable,
    source_host(source_key) as host,
    (row_number() over (order by source_key))::usmallint as source_no,
from source_moderation;

-- A contribution names its source by a small number: nine million copies of a 60-character
-- key cost 0.7 CPU-second of each import at 10 M, a number next to nothing.
create or replace table fact_sources as
select source_no, source_key, from source_hosts;

create or replace table contribution_row_facts as
with
sources as (
    select * from source_hosts
),

final as (
    select
        sources.source_no,
        contributions.platform,
        contributions.kind,
        contributions.channel,
        contributions.created_at,
        contributions.meeting_id,
        contributions.district_id,
        phase_days.phase_id,
        person_lookup.person_key,
        person_lookup.circle,
        -- a participant: a person, not the organisation, a meeting or an anonymous author
        person_lookup.person_key is not null
            and contributions.author_kind in ('participant', 'user_group') as is_person,
        -- written content, what moderation applies to
        coalesce(
            contributions.is_free_text,
            contributions.kind in (
                'proposal', 'amendment', 'comment', 'debate', 'argument', 'survey_answer'
            )
        ) as is_written,
        coalesce(sources.moderation_measurable, false) as moderation_measurable,
        contributions.status = 'moderated'
            or moderation_events.hidden_at is not null as is_moderated,
        moderation_events.first_reported_at,
        coalesce(moderation_events.hidden_at, contributions.moderated_at) as hidden_at,
        campaign_keys.campaign_ids,
    from located_contributions() as contributions
    left join person_lookup
        on person_join_key(contributions.person_id) = person_join_key(person_lookup.person_id)
    left join sources using (source_key)
    left join moderation_events on contributions.contribution_id = moderation_events.item_id
    left join phase_days on contributions.created_at::date = phase_days.day
    left join campaign_keys
        on contributions.created_at::date = campaign_keys.day
        and sources.host = campaign_keys.host
        and coalesce(contributions.space_id, '') = campaign_keys.space_key
)

select * from final;

-- Survey answers with an author: an online written participant contribution, without district
-- or meeting, moderated when trashed (no moderation list can name them, see queries/views.sql).
-- Written grouped by author: the answers are the join's hashed side and the authors probe it,
-- in that order (the optimisers that would swap them are off for this statement). Every
-- table after reads the answers per person; so grouped, they read them in 3.5 CPU-s instead
-- of 5.2 at 10 M, for 0.4 more here (participant_facts and participant_spans, two runs).
set disabled_optimizers = 'join_order,build_side_probe_side';

create or replace table answer_facts as
with
-- each author with their person and source, once per author rather than per answer
answer_authors as (
    select
        survey_authors.author_no,
        source_hosts.source_no,
        person_lookup.person_key,
        person_lookup.circle,
        coalesce(source_hosts.moderation_measurable, false) as moderation_measurable,
        source_hosts.host,
    from survey_authors
    left join person_lookup
        on person_join_key(survey_authors.person_id) = person_join_key(person_lookup.person_id)
    left join source_hosts using (source_key)
),

final as (
    select
        answer_authors.source_no,
        answers.created_at,
        phase_days.phase_id,
        answer_authors.person_key,
        answer_authors.circle,
        answer_authors.moderation_measurable,
        answers.moderated as is_moderated,
        campaign_keys.campaign_ids,
    from answer_authors
    inner join kept_answers() as answers using (author_no)
    left join phase_days on answers.created_at::date = phase_days.day
    left join campaign_keys
        on answers.created_at::date = campaign_keys.day
        and answer_authors.host = campaign_keys.host
        and campaign_keys.space_key = ''
)

select * from final;

reset disabled_optimizers;

-- Older warehouses stored contribution_facts as a table: migrations/008.sql drops it.
create or replace view contribution_facts as
select * from contribution_row_facts
union all by name
select
    source_no,
    'granddebat' as platform,
    'survey_answer' as kind,
    'online' as channel,
    created_at,
    null::varchar as meeting_id,
    null::varchar as district_id,
    phase_id,
    person_key,
    circle,
    person_key is not null as is_person,
    true as is_written,
    moderation_measurable,
    is_moderated,
    null::timestamp as first_reported_at,
    null::timestamp as hidden_at,
    campaign_ids,
from answer_facts;
