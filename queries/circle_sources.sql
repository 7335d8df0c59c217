-- How circles were decided: one row per circle and circle source (roster, signal, phase,
-- default), counting the participants of the window (same definition and filters as
-- reach_by_circle).
with
participants as (
    select circle, circle_source, participants
    from window_participant_counts($since, $until, $platform, $channel, $campaign)
    where ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

final as (
    select
        circle,
        circle_source,
        sum(participants)::bigint as participants,
    from participants
    group by circle, circle_source
)

select * from final
order by circle, circle_source
