-- Relays: one row per relay (the member through whom persons came, a label the team chose):
-- persons brought, of whom took part in the window, of whom circles 2 and 3. Never a person.
-- A person's relay: the roster's `relais`, else the `venu_par` of their earliest sign-in that
-- names one, so each person counts once. A roster member that matches no one who took part
-- is one person brought who has not taken part. Who came through whom is found at import
-- (relay_persons, queries/derive/).
-- Filters: since/until, platform and channel select who took part (their contributions);
-- circle and district narrow the persons brought (by their circle and home district).
with
brought as (
    select person_key, relay, roster_circle
    from relay_persons
),

narrowed as (
    select
        brought.person_key,
        brought.relay,
        coalesce(person_facts.circle, brought.roster_circle) as circle,
    from brought
    left join person_facts using (person_key)
    where ($circle is null or coalesce(person_facts.circle, brought.roster_circle) = $circle)
        and ($district is null or person_facts.home_district_id = $district)
),

took_part as (
    select person_key
    from window_participants($since, $until, $platform, $channel, $campaign)
),

final as (
    select
        narrowed.relay,
        count(*) as brought,
        count(took_part.person_key) as participated,
        count(took_part.person_key) filter (where narrowed.circle in (2, 3))
            as beyond_first_circle,
    from narrowed
    left join took_part using (person_key)
    group by narrowed.relay
)

select * from final
order by brought desc, relay
