create or replace table meeting_facts as
with
meeting_district as (
    select
        meetings.meeting_id,
        content_district(point_districts.district_id, district_names.district_id, null)
            as district_id,
        content_district_source(point_districts.district_id, district_names.district_id, null)
            as district_source
    from meetings
    left join point_districts
        on meetings.latitude = point_districts.latitude
        and meetings.longitude = point_districts.longitude
    left join district_names
        on name_key(meetings.scope_name) = district_names.name_key
    qualify row_number() over (partition by meetings.meeting_id order by district_names.district_id) = 1
),

final as (
    select
        meetings.*,
        meeting_district.district_id,
        meeting_district.district_source,
        phase_days.phase_id,
        date_trunc('week', meetings.start_at)::date as week,
        case when meetings.meeting_type = 'online' then 'online' else 'in_person' end as channel,
        campaign_keys.campaign_ids,
    from meetings
    left join meeting_district using (meeting_id)
    left join phase_days on meetings.start_at::date = phase_days.day
    left join campaign_keys
        on meetings.start_at::date = campaign_keys.day
        and source_host(meetings.source_key) = campaign_keys.host
        and coalesce(meetings.space_id, '') = campaign_keys.space_key
    -- the same meeting in two exports (variants of one source) is one meeting
    qualify row_number() over (partition by meetings.meeting_id order by meetings.source_key) = 1
)

select * from final;
