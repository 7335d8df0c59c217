-- Checks run after every rebuild of the derived tables (dashboard/warehouse.py): one row per
-- rule, with the rows that break it. A rule broken means a derivation bug, never bad input:
-- the import stops and the warehouse keeps what it had.
-- Each rule reads integer keys or small tables, so the checks cost about a second at ten
-- million contributions.
with
repeats as (
    -- rows dropped as repeats of one id across exports: all its rows but the kept one
    select count(*) - (select count(*) from duplicate_contributions) as rows
    from contribution_rows
    semi join duplicate_contributions using (contribution_id)
),

rules as (
    select 'person_map: one row per person id' as rule,
        count(*) - count(distinct person_id) as failures
    from person_map

    union all
    select 'person_facts: one row per person', count(*) - count(distinct person_key)
    from person_facts

    union all
    select 'participant_facts: one row per participant', count(*) - count(distinct person_key)
    from participant_facts

    union all
    select 'participant_facts: every participant has contributed as a person',
        abs(
            (select count(*) from participant_facts)
            - (select count(distinct person_key) from contribution_facts where is_person)
        )

    union all
    -- the whole warehouse as a window (no filter): one first row per participant
    select 'participant_spans: the participants of the whole warehouse are participant_facts',
        abs(
            (
                select count(*)
                from participant_spans
                where is_first
                    and covers & 32768::usmallint <> 0
            )
            - (select count(*) from participant_facts)
        )

    union all
    -- the same from the days: one first day (or undated row) per participant
    select 'participant_days: the participants of the whole warehouse are participant_facts',
        abs(
            (
                select coalesce(sum(participants), 0)
                from participant_days
                where prev_day is null
                    and covers & 32768::usmallint <> 0
            )
            - (select count(*) from participant_facts)
        )

    union all
    select 'participant_facts: every participant is a person', count(*)
    from participant_facts
    anti join person_facts using (person_key)

    union all
    select 'contribution_facts: one row per contribution, repeats once',
        abs(
            (select count(*) from contribution_facts)
            - (select count(*) from contribution_rows)
            + (select rows from repeats)
            - (select count(*) from survey_answers)
            + (select count(*) from dropped_answers)
        )

    union all
    select 'contribution_facts: each person key is a known person', count(*)
    from contribution_facts
    anti join person_facts using (person_key)
    where contribution_facts.person_key is not null

    union all
    select 'contribution_facts: each district is a known district', count(*)
    from (select distinct district_id from contribution_facts) as used
    anti join districts using (district_id)
    where used.district_id is not null

    union all
    select 'person_facts: each home district is a known district', count(*)
    from (select distinct home_district_id as district_id from person_facts) as used
    anti join districts using (district_id)
    where used.district_id is not null

    union all
    select 'proposal_facts: one row per proposal', count(*) - count(distinct proposal_id)
    from proposal_facts

    union all
    select 'proposal_days: each kind counts every counted proposal once', count(*)
    from (select kind, sum(proposals) as proposals from proposal_days group by kind) as kinds
    where proposals <> (select count(*) from proposal_facts where is_counted)

    union all
    select 'meeting_facts: one row per meeting', count(*) - count(distinct meeting_id)
    from meeting_facts
),

final as (
    select rule, failures from rules
)

select * from final order by rule;
