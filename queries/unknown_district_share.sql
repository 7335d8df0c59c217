-- Unknown home district: one row. Participants of the window (as in reach_by_circle), how
-- their home district was found (roster, profile postcode, earliest located contribution) and
-- the share still unknown. The district filter does not apply (it would hide every unknown).
with
participants as (
    select home_district_id, home_district_source, participants
    from window_participant_counts($since, $until, $platform, $channel, $campaign)
    where $circle is null or circle = $circle
),

final as (
    select
        coalesce(sum(participants), 0)::bigint as participants,
        coalesce(sum(participants) filter (where home_district_source = 'roster'), 0)::bigint
            as from_roster,
        coalesce(sum(participants) filter (where home_district_source = 'profile'), 0)::bigint
            as from_profile,
        coalesce(
            sum(participants) filter (where home_district_source = 'contribution'), 0
        )::bigint as from_contribution,
        coalesce(sum(participants) filter (where home_district_id is null), 0)::bigint
            as unknown,
        coalesce(sum(participants) filter (where home_district_id is null), 0)::bigint
            / nullif(coalesce(sum(participants), 0)::bigint, 0) as unknown_district_share,
    from participants
)

select * from final
