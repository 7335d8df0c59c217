-- Everything about a person is grouped on the integer person_key of person_map: the
-- contributions are read once, joined to their person on person_join_key() (a 64-bit hash
-- of the pseudonym, see dashboard/warehouse.py), and every step after is integer work.
create or replace table person_facts as
with

persons_seen as (
    select distinct person_key, canonical_id as person_id from person_map
),

roster_matches as (
    select
        person_map.person_key,
        min(roster_entries.circle) as circle,
        min(coalesce(district_names.district_id, postcode_district.district_id)) as district_id,
    from roster_identities() as roster_entries
    inner join person_map using (person_id)
    left join district_names
        on name_key(roster_entries.district_name) = district_names.name_key
    left join postcode_district on roster_entries.postcode = postcode_district.postcode
    group by person_map.person_key
),

-- first contribution, the district of the earliest located one (ties on the earliest time go
-- to the smallest district id, so a rebuild never moves anyone) and the closest circle the
-- groups they wrote on behalf of give
row_summary as (
    select
        person_map.person_key,
        min(contributions.created_at) as first_contribution_at,
        arg_min(
            contributions.district_id, (contributions.created_at, contributions.district_id)
        ) filter (where contributions.district_id is not null) as earliest_district_id,
        min(circle_signals.circle) as signal_circle,
    from located_contributions() as contributions
    inner join person_map
        on person_join_key(contributions.person_id) = person_join_key(person_map.person_id)
    left join circle_signals
        on contributions.user_group_id = circle_signals.user_group_id
        and contributions.platform = circle_signals.platform
    group by person_map.person_key
),

-- survey answers have no district and no group: their first time is all they add, taken per
-- author before the authors meet their persons (a repeated answer has its first's time)
answer_summary as (
    select person_map.person_key, min(authors.first_at) as first_contribution_at,
    from (
        select author_no, min(created_at) as first_at, from survey_answers group by author_no
    ) as authors
    inner join survey_authors using (author_no)
    inner join person_map
        on person_join_key(survey_authors.person_id) = person_join_key(person_map.person_id)
    group by person_map.person_key
),

contribution_summary as (
    select
        person_key,
        min(first_contribution_at) as first_contribution_at,
        min(earliest_district_id) as earliest_district_id,  -- row_summary's, if any
        min(signal_circle) as signal_circle,
    from (select * from row_summary union all by name select * from answer_summary)
    group by person_key
),

signal_matches as (
    select person_key, signal_circle as circle
    from contribution_summary
    where signal_circle is not null
    union all
    select person_map.person_key, min(circle_signals.circle)
    from persons
    inner join person_map using (person_id)
    inner join circle_signals
        on list_contains(persons.user_group_ids, circle_signals.user_group_id)
        and persons.platform = circle_signals.platform
    group by person_map.person_key
),

signal_circle as (
    select person_key, min(circle) as circle from signal_matches group by person_key
),

phase_circle as (
    select contribution_summary.person_key, 1 as circle
    from contribution_summary
    inner join phases
        on contribution_summary.first_contribution_at::date
            between phases.starts_on and phases.ends_on
    where phases.restricted
    group by contribution_summary.person_key
),

profile_district as (
    select person_map.person_key, min(postcode_district.district_id) as district_id
    from persons
    inner join person_map using (person_id)
    inner join postcode_district on persons.profile_postcode = postcode_district.postcode
    group by person_map.person_key
),

person_kind as (
    select person_map.person_key, min(persons.person_kind) as person_kind
    from persons
    inner join person_map using (person_id)
    group by person_map.person_key
),

final as (
    select
        persons_seen.person_id,
        coalesce(roster_matches.circle, signal_circle.circle, phase_circle.circle, 3) as circle,
        case
            when roster_matches.circle is not null then 'roster'
            when signal_circle.circle is not null then 'signal'
            when phase_circle.circle is not null then 'phase'
            else 'default'
        end as circle_source,
        coalesce(
            roster_matches.district_id,
            profile_district.district_id,
            contribution_summary.earliest_district_id
        ) as home_district_id,
        case
            when roster_matches.district_id is not null then 'roster'
            when profile_district.district_id is not null then 'profile'
            when contribution_summary.earliest_district_id is not null then 'contribution'
            else 'unknown'
        end as home_district_source,
        coalesce(person_kind.person_kind, 'citizen') as person_kind,
        contribution_summary.first_contribution_at,
        persons_seen.person_key,
    from persons_seen
    left join roster_matches using (person_key)
    left join signal_circle using (person_key)
    left join phase_circle using (person_key)
    left join profile_district using (person_key)
    left join contribution_summary using (person_key)
    left join person_kind using (person_key)
)

select * from final;
