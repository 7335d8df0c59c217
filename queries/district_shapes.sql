-- The map's shapes: one row per district with its simplified display geometry (id only).
with
districts_drawn as (
    select district_id, name, display_geojson from districts
),

final as (
    select * from districts_drawn where display_geojson is not null
)

select * from final
order by district_id
