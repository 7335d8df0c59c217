-- Participants by channel: one row. Participants of the window (as in reach_by_circle) who
-- contributed only online, only in person (workshop, paper, identified attendance), or both.
-- Counted from three windows: all channels (A), online (O) and in person (I) within the
-- chosen channel: online only = A - I, in person only = A - O, both = O + I - A.
-- Filters as in reach_by_circle. Each window is counted from window_participant_counts.
with
everyone as (
    select coalesce(sum(participants), 0)::bigint as participants
    from window_participant_counts($since, $until, $platform, $channel, $campaign)
    where ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

online as (
    select coalesce(sum(participants), 0)::bigint as participants
    from window_participant_counts($since, $until, $platform, 'online', $campaign)
    where ($channel is null or $channel = 'online')
        and ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

in_person as (
    select coalesce(sum(participants), 0)::bigint as participants
    from window_participant_counts($since, $until, $platform, 'in_person', $campaign)
    where ($channel is null or $channel = 'in_person')
        and ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

final as (
    select
        everyone.participants,
        everyone.participants - in_person.participants as online_only,
        everyone.participants - online.participants as in_person_only,
        online.participants + in_person.participants - everyone.participants as both_channels,
    from everyone
    cross join online
    cross join in_person
)

select * from final
