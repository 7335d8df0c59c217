-- A field action's district: the district typed on the sheet (name or id), else the district
-- containing its point, else its postcode's district; none of them: "lieu inconnu".
create or replace table action_facts as
with
final as (
    select
        field_actions.*,
        coalesce(
            district_names.district_id,
            point_districts.district_id,
            postcode_district.district_id
        ) as district_id,
        case
            when district_names.district_id is not null then 'scope'
            when point_districts.district_id is not null then 'point'
            when postcode_district.district_id is not null then 'postcode'
        end as district_source,
        date_trunc('week', field_actions.action_date)::date as week,
    from field_actions
    left join district_names
        on name_key(field_actions.scope_name) = district_names.name_key
    left join point_districts
        on field_actions.latitude = point_districts.latitude
        and field_actions.longitude = point_districts.longitude
    left join postcode_district on field_actions.postcode = postcode_district.postcode
)

select * from final;
