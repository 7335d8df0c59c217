-- Unknown home district: one row. Participants of the window (as in reach_by_circle), how
-- their home district was found (roster, profile postcode, earliest located contribution) and
-- the share still unknown. The district filter does not apply (it would hide every unknown).
with
participants as (
    select home_district_id, home_district_source
    from window_participants($since, $until, $platform, $channel)
    where $circle is null or circle = $circle
),

final as (
    select
        count(*) as participants,
        count(*) filter (where home_district_source = 'roster') as from_roster,
        count(*) filter (where home_district_source = 'profile') as from_profile,
        count(*) filter (where home_district_source = 'contribution') as from_contribution,
        count(*) filter (where home_district_id is null) as unknown,
        count(*) filter (where home_district_id is null) / nullif(count(*), 0)
            as unknown_district_share,
    from participants
)

select * from final
