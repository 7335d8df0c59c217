-- Meetings by district: one row per district of the territory, plus one row with a null
-- district for meetings that could not be located. Meetings held in the window, their
-- headcounts (attendance, never participants) and the proposals made in them (amendments
-- and hidden proposals excluded).
-- Filters: since/until on the meeting start, platform, channel (online meetings vs the
-- others), district of the meeting; headcounts have no circle, so circle does not apply.
with
held as (
    select meeting_id, district_id, headcount
    from window_meetings($since, $until, $platform, $channel, $district, $campaign)
),

made_in_meetings as (
    select meeting_id, count(*) as proposals
    from proposal_facts
    where is_counted and meeting_id is not null
    group by meeting_id
),

per_district as (
    select
        held.district_id,
        count(*) as meetings,
        coalesce(sum(held.headcount), 0)::bigint as headcount,
        coalesce(sum(made_in_meetings.proposals), 0)::bigint as proposals,
    from held
    left join made_in_meetings using (meeting_id)
    group by held.district_id
),

territory as (
    select district_id, name
    from districts
    where $district is null or district_id = $district
    union all
    select null, null
),

final as (
    select
        territory.district_id,
        territory.name,
        coalesce(per_district.meetings, 0) as meetings,
        coalesce(per_district.headcount, 0) as headcount,
        coalesce(per_district.proposals, 0) as proposals,
        per_district.proposals / nullif(per_district.meetings, 0) as proposals_per_meeting,
    from territory
    left join per_district on territory.district_id is not distinct from per_district.district_id
    where territory.district_id is not null or per_district.meetings > 0
)

select * from final
order by district_id nulls last
