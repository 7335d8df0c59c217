-- Who came through whom, found once at import: matching roster lines to persons reads every
-- identity, the relays query (queries/relays.sql) then reads only this.
-- One row per person brought by a relay (a label the team chose): their person key (null: a
-- roster member who matches no one who took part), the relay, and the roster's circle. A
-- person's relay is the roster's `relais`, else the `venu_par` of their earliest sign-in that
-- names one, so each person has one row.
create or replace table relay_persons as
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

final as (
    select person_key, relay, roster_circle
    from roster_persons
    union all
    select person_key, relay, null
    from sign_in_persons
    where person_key not in (
        select person_key from roster_persons where person_key is not null
    )
)

select * from final;
