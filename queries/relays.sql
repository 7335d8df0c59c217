-- Relays: one row per relay (the member through whom persons came, a label the team chose):
-- persons brought, of whom took part in the window, of whom circles 2 and 3. Never a person.
-- A person's relay: the roster's `relais`, else the `venu_par` of their earliest sign-in that
-- names one, so each person counts once. A roster member that matches no one who took part
-- is one person brought who has not taken part.
-- Filters: since/until, platform and channel select who took part (their contributions);
-- circle and district narrow the persons brought (by their circle and home district).
with
-- one row per member of a roster with a relay (member_key: the line's identifiers together)
roster_lines as (
    select source_key, member_key, any_value(relay) as relay, min(circle) as circle,
    from roster_entries
    where relay is not null
    group by source_key, member_key
),

-- the person a roster line is, when an export or a sign-in sheet knows them
roster_matches as (
    select
        roster_lines.source_key,
        roster_lines.member_key,
        min(person_lookup.person_key) as person_key,
    from roster_lines
    inner join roster_identities() using (source_key, member_key)
    inner join person_lookup using (person_id)
    group by all
),

-- one row per person on the roster with a relay (two lines of one person: the first relay)
roster_persons as (
    select
        coalesce(
            roster_matches.person_key::varchar,
            'member:' || roster_lines.source_key || ':' || roster_lines.member_key
        ) as person,
        any_value(roster_matches.person_key) as person_key,
        min(roster_lines.relay) as relay,
        min(roster_lines.circle) as roster_circle,
    from roster_lines
    left join roster_matches using (source_key, member_key)
    group by person
),

sign_in_persons as (
    select
        person_lookup.person_key,
        arg_min(
            relay_mentions.relay, (meeting_facts.start_at, relay_mentions.relay)
        ) as relay,
    from relay_mentions
    inner join person_lookup using (person_id)
    left join meeting_facts using (meeting_id)
    group by person_lookup.person_key
),

brought as (
    select person_key, relay, roster_circle
    from roster_persons
    union all
    select person_key, relay, null
    from sign_in_persons
    where person_key not in (
        select person_key from roster_persons where person_key is not null
    )
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
