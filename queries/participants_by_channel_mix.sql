-- Participants by channel: one row. Participants of the window (as in reach_by_circle) who
-- contributed only online, only in person (workshop, paper, identified attendance), or both.
-- Filters as in reach_by_circle.
with
person_contributions as (
    select person_id, channel
    from contribution_facts
    where is_person
        and ($since is null or created_at >= cast($since as date))
        and ($until is null or created_at < cast($until as date) + 1)
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
        and ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

persons as (
    select
        person_id,
        bool_or(channel = 'online') as online,
        bool_or(channel = 'in_person') as in_person,
    from person_contributions
    group by person_id
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
