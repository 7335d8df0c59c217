-- The participant windows as they were computed before participant_spans, from every
-- contribution (contribution_facts) and the per-participant summaries: the reference the
-- window macros of queries/derive/90_windows.sql must always agree with
-- (tests/test_window_reference.py). Same arguments, same rows.
-- The participants of a window: one row per person with a contribution of their own between
-- window_since and window_until (inclusive dates) on the platform, channel and campaign given
-- (null: any). Without a start date, platform, channel or campaign, the summary answers (a
-- person took part by `until` when their first contribution is by then); otherwise the
-- contributions are read. first_at is the first contribution inside the window.
create or replace temp macro reference_window_participants(
    window_since, window_until, window_platform, window_channel, window_campaign
) as table
with
window_end as (
    select coalesce(cast(window_until as date) + 1, 'infinity'::timestamp) as ends_before
),

from_summary as (
    select
        participant_facts.person_key,
        participant_facts.circle,
        participant_facts.circle_source,
        participant_facts.home_district_id,
        participant_facts.home_district_source,
        participant_facts.first_contribution_at as first_at,
        -- an undated contribution counts only when no end date is chosen
        participant_facts.has_online and (
            window_until is null or participant_facts.first_online_at < window_end.ends_before
        ) as online,
        participant_facts.has_in_person and (
            window_until is null
            or participant_facts.first_in_person_at < window_end.ends_before
        ) as in_person,
    from participant_facts
    cross join window_end
    where window_since is null
        and window_platform is null
        and window_channel is null
        and window_campaign is null
        and (
            window_until is null
            or participant_facts.first_contribution_at < window_end.ends_before
        )
),

contributed as (
    select
        person_key,
        min(created_at) as first_at,
        bool_or(channel = 'online') as online,
        bool_or(channel = 'in_person') as in_person,
    from contribution_facts
    where not (
            window_since is null
            and window_platform is null
            and window_channel is null
            and window_campaign is null
        )
        and is_person
        and on_or_after(created_at, window_since)
        and on_or_before(created_at, window_until)
        and matches(platform, window_platform)
        and matches(channel, window_channel)
        and in_campaign(campaign_ids, window_campaign)
    group by person_key
),

-- how each person's circle and home were found lives with the person, not the contribution
from_contributions as (
    select
        contributed.person_key,
        person_facts.circle,
        person_facts.circle_source,
        person_facts.home_district_id,
        person_facts.home_district_source,
        contributed.first_at,
        contributed.online,
        contributed.in_person,
    from contributed
    inner join person_facts using (person_key)
)

select * from from_summary
union all
select * from from_contributions;

-- The participants of a window counted per circle, home district and how it was found (the
-- rows of window_participants, grouped), from participant_daily when it answers exactly.
create or replace temp macro reference_window_participant_counts(
    window_since, window_until, window_platform, window_channel, window_campaign
) as table
select
    circle,
    circle_source,
    home_district_id,
    home_district_source,
    sum(participants)::bigint as participants,
from participant_daily
where window_since is null
    and window_platform is null
    and window_channel is null
    and window_campaign is null
    and on_or_before(first_day, window_until)
group by all
union all
select circle, circle_source, home_district_id, home_district_source, count(*) as participants
from reference_window_participants(
    window_since, window_until, window_platform, window_channel, window_campaign
)
where not (
    window_since is null
    and window_platform is null
    and window_channel is null
    and window_campaign is null
)
group by all;

-- The participants of a window living in each district of the territory, from the rows above.
create or replace temp macro reference_window_district_counts(
    window_since, window_until, window_platform, window_channel, window_campaign, window_circle
) as table
with
observed as (
    select home_district_id as district_id, sum(participants)::bigint as participants
    from reference_window_participant_counts(
        window_since, window_until, window_platform, window_channel, window_campaign
    )
    where home_district_id is not null
        and (window_circle is null or circle = window_circle)
    group by home_district_id
)

select
    districts.district_id,
    districts.name,
    districts.population,
    coalesce(districts.population, 0) > 0 as computable,
    coalesce(observed.participants, 0) as participants,
from districts
left join observed using (district_id);

-- The same per phase: one row per participant and phase they contributed in, in the window.
create or replace temp macro reference_window_participant_phases(
    window_since, window_until, window_platform, window_channel, window_campaign
) as table
select
    person_key,
    phase_id,
    any_value(contribution_facts.circle) as circle,
    any_value(person_facts.home_district_id) as home_district_id,
from contribution_facts
inner join person_facts using (person_key)
where is_person
    and on_or_after(created_at, window_since)
    and on_or_before(created_at, window_until)
    and matches(platform, window_platform)
    and matches(channel, window_channel)
    and in_campaign(campaign_ids, window_campaign)
group by person_key, phase_id;

-- The same per phase, counted per phase, circle and home district.
create or replace temp macro reference_window_participant_phase_counts(
    window_since, window_until, window_platform, window_channel, window_campaign
) as table
select phase_id, circle, home_district_id, count(*) as participants
from reference_window_participant_phases(
    window_since, window_until, window_platform, window_channel, window_campaign
)
group by all;

-- Participants by the day of their first contribution, up to window_until.
create or replace temp macro reference_window_first_days(
    window_until, window_platform, window_channel, window_campaign
) as table
select first_at::date as day, circle, home_district_id, count(*) as participants
from reference_window_participants(
    null, window_until, window_platform, window_channel, window_campaign
)
where first_at is not null
group by all;
