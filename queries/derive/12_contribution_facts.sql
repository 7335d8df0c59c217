-- Narrow on purpose: at ten million rows every column costs about half a second of each
-- import. So no ids in text (located_contributions() gives a contribution's id and district),
-- the person is its integer key (person_facts holds their home district and how the circle
-- was found), and is_written says once whether moderation applies to it.
create or replace table contribution_facts as
with
-- each source's host worked out once, not once per contribution
sources as (
    select source_key, moderation_measurable, source_host(source_key) as host,
    from source_moderation
),

final as (
    select
        contributions.source_key,
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
),

-- each author of survey answers with their person, once per author rather than per answer
answer_authors as (
    select
        survey_authors.author_no,
        survey_authors.source_key,
        person_lookup.person_key,
        person_lookup.circle,
    from survey_authors
    left join person_lookup
        on person_join_key(survey_authors.person_id) = person_join_key(person_lookup.person_id)
),

-- survey answers with an author, as the rows above would give them: an online written
-- participant contribution, without district or meeting, moderated when trashed (no
-- moderation list can name them, see queries/views.sql)
answers as (
    select
        answer_authors.source_key,
        'granddebat' as platform,
        'survey_answer' as kind,
        'online' as channel,
        answers.created_at,
        null::varchar as meeting_id,
        null::varchar as district_id,
        phase_days.phase_id,
        answer_authors.person_key,
        answer_authors.circle,
        answer_authors.person_key is not null as is_person,
        true as is_written,
        coalesce(sources.moderation_measurable, false) as moderation_measurable,
        answers.moderated as is_moderated,
        null::timestamp as first_reported_at,
        null::timestamp as hidden_at,
        campaign_keys.campaign_ids,
    from kept_answers() as answers
    inner join answer_authors using (author_no)
    left join sources using (source_key)
    left join phase_days on answers.created_at::date = phase_days.day
    left join campaign_keys
        on answers.created_at::date = campaign_keys.day
        and sources.host = campaign_keys.host
        and campaign_keys.space_key = ''
)

select * from final
union all by name
select * from answers;
