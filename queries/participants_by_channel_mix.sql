-- Participants by channel: one row. Participants of the window (as in reach_by_circle) who
-- contributed only online, only in person (workshop, paper, identified attendance), or both.
-- Filters as in reach_by_circle.
with
persons as (
    select online, in_person
    from window_participants($since, $until, $platform, $channel, $campaign)
    where ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

final as (
    select
        count(*) as participants,
        count(*) filter (where online and not in_person) as online_only,
        count(*) filter (where in_person and not online) as in_person_only,
        count(*) filter (where online and in_person) as both_channels,
    from persons
)

select * from final
