-- Reach by circle: one row per circle (1 activists, 2 sympathisers, 3 general public).
-- participants = distinct persons with at least one contribution of any kind and status
-- (a person whose only contribution was hidden still took part) in the window; the
-- organisation (official content), a meeting as author and anonymous authors are not persons.
-- Filters: since/until on the contribution date (phase resolved to dates by the runner),
-- platform and channel of the contribution, circle and home district of the person.
-- window_participant_counts (queries/derive/) counts the participants of the window.
with
participants as (
    select circle, participants
    from window_participant_counts($since, $until, $platform, $channel, $campaign)
    where ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

circles as (
    select unnest([1, 2, 3]) as circle
),

counted as (
    select circle, sum(participants)::bigint as participants
    from participants
    group by circle
),

final as (
    select
        circles.circle,
        coalesce(counted.participants, 0) as participants,
        coalesce(counted.participants, 0) / nullif(sum(counted.participants) over (), 0) as share,
    from circles
    left join counted using (circle)
)

select * from final
order by circle
