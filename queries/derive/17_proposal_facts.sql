create or replace table proposal_facts as
with
-- The same proposal in two exports (variants of one source) is one proposal: the row of the
-- first source. Only ids seen twice are sorted out, not every proposal with all its columns.
repeated_ids as (
    select proposal_id from proposals group by proposal_id having count(*) > 1
),

kept as (
    select * from proposals anti join repeated_ids using (proposal_id)
    union all
    select * from proposals semi join repeated_ids using (proposal_id)
    qualify row_number() over (partition by proposal_id order by source_key) = 1
),

final as (
    select
        proposals.*,
        person_lookup.canonical_id as canonical_person_id,
        person_lookup.circle,
        -- like a contribution's: its point, else its scope name, else its meeting's district
        content_district(
            point_districts.district_id, district_names.district_id, meeting_facts.district_id
        ) as district_id,
        content_district_source(
            point_districts.district_id, district_names.district_id, meeting_facts.district_id
        ) as district_source,
        phase_days.phase_id,
        date_trunc('week', coalesce(proposals.published_at, proposals.created_at))::date as week,
        case
            when proposals.channel = 'in_person' and meeting_facts.start_at is not null
                then date_diff('day', meeting_facts.start_at::date, proposals.published_at::date)
        end as transcription_lag_days,
        coalesce(proposals.published_at, proposals.created_at) as made_at,
        date_trunc('week', proposals.answered_at)::date as answered_week,
        epoch(proposals.answered_at - coalesce(proposals.published_at, proposals.created_at))
            / 86400.0 as days_to_answer,
        -- counted in proposal metrics: amendments and hidden proposals are not proposals made
        not coalesce(proposals.is_amendment, false)
            and coalesce(proposals.status, 'published') <> 'moderated' as is_counted,
        meeting_facts.start_at as meeting_start_at,
        campaign_keys.campaign_ids,
    from kept as proposals
    left join person_lookup
        on person_join_key(proposals.person_id) = person_join_key(person_lookup.person_id)
    left join point_districts
        on proposals.latitude = point_districts.latitude
        and proposals.longitude = point_districts.longitude
    left join district_names
        on name_key(proposals.scope_name) = district_names.name_key
    left join meeting_facts on proposals.meeting_id = meeting_facts.meeting_id
    left join phase_days
        on coalesce(proposals.published_at, proposals.created_at)::date = phase_days.day
    left join campaign_keys
        on coalesce(proposals.published_at, proposals.created_at)::date = campaign_keys.day
        and source_host(proposals.source_key) = campaign_keys.host
        and coalesce(proposals.space_id, '') = campaign_keys.space_key
)

select * from final;
