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
)

select * from final;
