-- Derived tables, rebuilt after every import from the base tables, so the order in which
-- exports, roster, sheets and territory are imported never changes the result.
--   person_map          one row per person_id seen anywhere -> its canonical person and that
--                       person's integer key (joins and counts on it are far cheaper)
--   person_facts        one row per canonical person: circle (+ source), home district (+ source)
--   contribution_facts  one row per contribution, with district, phase, circle, home district
--   proposal_facts      one row per proposal, with district, phase and transcription lag
--   meeting_facts       one row per meeting, with district, phase and channel
--   action_facts        one row per field action, with its district (null: "lieu inconnu")
--   source_moderation   one row per content source: can it reveal moderation?
--   moderation_events   one row per item listed as reported or hidden
--   hidden_item_facts   one row per hidden item missing from the content files
--   participant_facts, participant_phase_facts, written_daily, source_facts: summaries the
--                       metric queries read instead of every contribution
-- Table macros window_participants(...) and window_participant_phases(...) give the
-- participants of a filtered window (see queries/reach_by_circle.sql).

-- Persons sharing an e-mail pseudonym are one person (a platform account and a sign-in sheet line).
create or replace table person_map as
with
all_ids as (
    select person_id from identities
    union
    select person_id from persons
    union
    select person_id from contributions where person_id is not null
),

email_groups as (
    select identifier_hash, min(person_id) as canonical_id
    from identities
    where identifier_kind = 'email'
    group by identifier_hash
),

linked as (
    select identities.person_id, min(email_groups.canonical_id) as canonical_id
    from identities
    inner join email_groups using (identifier_hash)
    where identities.identifier_kind = 'email'
    group by identities.person_id
),

-- A sign-in sheet line giving a platform nickname is that account, when one account has it.
sheet_nicknames as (
    select sheet.person_id, min(account.person_id) as account_id
    from identities as sheet
    inner join identities as account
        on sheet.identifier_hash = account.identifier_hash
        and account.identifier_kind = 'nickname'
        and account.platform <> 'sheet'
    where sheet.identifier_kind = 'nickname' and sheet.platform = 'sheet'
    group by sheet.person_id
    having count(distinct account.person_id) = 1
),

final as (
    select
        all_ids.person_id,
        coalesce(
            account_linked.canonical_id,
            sheet_nicknames.account_id,
            linked.canonical_id,
            all_ids.person_id
        ) as canonical_id,
    from all_ids
    left join linked using (person_id)
    left join sheet_nicknames using (person_id)
    left join linked as account_linked on sheet_nicknames.account_id = account_linked.person_id
)

select
    person_id,
    canonical_id,
    dense_rank() over (order by canonical_id) as person_key,
from final;

-- How a district may be written (its name or its id, case and accents aside): one district a
-- key, so joining on it never multiplies rows (a name two districts share goes to the first).
create or replace table district_names as
select name_key, min(district_id) as district_id
from (
    select district_id, strip_accents(lower(trim(name))) as name_key from districts
    union
    select district_id, strip_accents(lower(trim(district_id))) from districts
)
where name_key is not null
group by name_key;

-- The phase of each campaign day (the earliest-starting phase when phases overlap), so facts
-- find their phase with an equality join.
create or replace table phase_days as
with
days as (
    select
        unnest(generate_series(starts_on::timestamp, ends_on::timestamp, interval 1 day))::date
            as day,
        phase_id,
        starts_on,
    from phases
    where starts_on is not null and ends_on is not null
)

select day, arg_min(phase_id, (starts_on, phase_id)) as phase_id
from days
group by day;

-- Postcodes that designate exactly one district (a postcode over several is no evidence);
-- the postcode table may name its districts by id or by name.
create or replace table postcode_district as
select postcode_districts.postcode, min(district_names.district_id) as district_id
from postcode_districts
inner join district_names
    on strip_accents(lower(trim(postcode_districts.district_id))) = district_names.name_key
group by postcode_districts.postcode
having count(distinct district_names.district_id) = 1;

create or replace table meeting_facts as
with
meeting_district as (
    select
        meetings.meeting_id,
        coalesce(point_districts.district_id, district_names.district_id) as district_id,
        case
            when point_districts.district_id is not null then 'point'
            when district_names.district_id is not null then 'scope'
        end as district_source
    from meetings
    left join point_districts
        on meetings.latitude = point_districts.latitude
        and meetings.longitude = point_districts.longitude
    left join district_names
        on strip_accents(lower(trim(meetings.scope_name))) = district_names.name_key
    qualify row_number() over (partition by meetings.meeting_id order by district_names.district_id) = 1
),

final as (
    select
        meetings.*,
        meeting_district.district_id,
        meeting_district.district_source,
        phase_days.phase_id,
        date_trunc('week', meetings.start_at)::date as week,
        case when meetings.meeting_type = 'online' then 'online' else 'in_person' end as channel,
    from meetings
    left join meeting_district using (meeting_id)
    left join phase_days on meetings.start_at::date = phase_days.day
    -- the same meeting in two exports (variants of one source) is one meeting
    qualify row_number() over (partition by meetings.meeting_id order by meetings.source_key) = 1
)

select * from final;

-- A field action's district: the district typed on the sheet (name or id), else the district
-- containing its point, else its postcode's district; none of them: "lieu inconnu".
create or replace table action_facts as
with
final as (
    select
        field_actions.*,
        coalesce(
            district_names.district_id,
            point_districts.district_id,
            postcode_district.district_id
        ) as district_id,
        case
            when district_names.district_id is not null then 'scope'
            when point_districts.district_id is not null then 'point'
            when postcode_district.district_id is not null then 'postcode'
        end as district_source,
        date_trunc('week', field_actions.action_date)::date as week,
    from field_actions
    left join district_names
        on strip_accents(lower(trim(field_actions.scope_name))) = district_names.name_key
    left join point_districts
        on field_actions.latitude = point_districts.latitude
        and field_actions.longitude = point_districts.longitude
    left join postcode_district on field_actions.postcode = postcode_district.postcode
)

select * from final;

-- A contribution's district: its point, else its scope name, else its meeting's district.
-- The same contribution in two exports (variants of one source) is kept once (its first row);
-- every join is many-to-one (one district a point, a name key, a meeting), so each
-- contribution gives one row. A macro: person_facts and contribution_facts read it in turn.
-- Repeats are looked for among ids sharing a 64-bit hash first (grouping millions of integers,
-- not strings), then confirmed on the ids themselves, so a hash collision changes nothing.
create or replace table duplicate_contributions as
with
repeated_hashes as (
    select hash(contribution_id) as id_hash
    from contributions
    group by id_hash
    having count(*) > 1
)

select contribution_id, min(rowid) as kept_rowid
from contributions
where hash(contribution_id) in (select id_hash from repeated_hashes)
group by contribution_id
having count(*) > 1;

create or replace macro located_contributions() as table
select
    contributions.*,
    coalesce(
        point_districts.district_id, district_names.district_id, meeting_facts.district_id
    ) as district_id,
    case
        when point_districts.district_id is not null then 'point'
        when district_names.district_id is not null then 'scope'
        when meeting_facts.district_id is not null then 'meeting'
    end as district_source,
from contributions
left join duplicate_contributions
    on contributions.contribution_id = duplicate_contributions.contribution_id
left join point_districts
    on contributions.latitude = point_districts.latitude
    and contributions.longitude = point_districts.longitude
left join district_names
    on strip_accents(lower(trim(contributions.scope_name))) = district_names.name_key
left join meeting_facts on contributions.meeting_id = meeting_facts.meeting_id
where duplicate_contributions.kept_rowid is null
    or contributions.rowid = duplicate_contributions.kept_rowid;

-- Older warehouses kept each contribution's district apart; contribution_facts holds it.
drop table if exists contribution_districts;

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
    from roster_entries
    inner join identities
        on roster_entries.identifier_kind = identities.identifier_kind
        and roster_entries.identifier_hash = identities.identifier_hash
        and (roster_entries.platform is null or roster_entries.platform = identities.platform)
        and (roster_entries.host is null or roster_entries.host = identities.host)
    inner join person_map on identities.person_id = person_map.person_id
    left join district_names
        on strip_accents(lower(trim(roster_entries.district_name))) = district_names.name_key
    left join postcode_district on roster_entries.postcode = postcode_district.postcode
    group by person_map.person_key
),

-- first contribution, the district of the earliest located one (ties on the earliest time go
-- to the smallest district id, so a rebuild never moves anyone) and the closest circle the
-- groups they wrote on behalf of give
contribution_summary as (
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

-- Sources whose content can reveal moderation: their own import says so, or a moderations
-- list was imported for the same platform and host (Decidim >= 0.30 moderations.csv).
create or replace table source_moderation as
with
latest_imports as (
    select source_key, platform, host, entity, moderation_measurable
    from imports
    qualify row_number() over (partition by source_key order by imported_at desc, import_id desc) = 1
),

moderation_lists as (
    select distinct platform, host from latest_imports where entity ilike '%moderation%'
    union
    select distinct split_part(source_key, '|', 1), split_part(source_key, '|', 2) from moderations
),

content_sources as (
    select distinct
        source_key,
        split_part(source_key, '|', 1) as platform,
        split_part(source_key, '|', 2) as host,
    from contributions
),

final as (
    select
        content_sources.source_key,
        coalesce(latest_imports.moderation_measurable, false)
            or moderation_lists.platform is not null as moderation_measurable,
    from content_sources
    left join latest_imports using (source_key)
    left join moderation_lists
        on content_sources.platform = moderation_lists.platform
        and content_sources.host = moderation_lists.host
)

select * from final;

-- One row per moderated item, with the earliest report and hiding times the lists give.
create or replace table moderation_events as
select
    item_id,
    any_value(item_kind) as item_kind,
    min(first_reported_at) as first_reported_at,
    min(hidden_at) as hidden_at,
from moderations
group by item_id;

-- Each raw person id with its canonical person's facts: one join for the contribution facts.
create or replace table person_lookup as
select
    person_map.person_id,
    person_facts.person_id as canonical_id,
    person_facts.person_key,
    person_facts.circle,
    person_facts.circle_source,
    person_facts.home_district_id,
    person_facts.home_district_source,
from person_map
inner join person_facts using (person_key);

-- Narrow on purpose: at ten million rows every column costs about half a second of each
-- import. So no ids in text (located_contributions() gives a contribution's id and district),
-- the person is its integer key (person_facts holds how the circle and home were found), and
-- is_written says once whether moderation applies to it.
create or replace table contribution_facts as
with
final as (
    select
        contributions.source_key,
        contributions.platform,
        contributions.kind,
        contributions.channel,
        contributions.created_at,
        contributions.meeting_id,
        contributions.district_id,
        contributions.district_source,
        phase_days.phase_id,
        person_lookup.person_key,
        person_lookup.circle,
        person_lookup.home_district_id,
        -- a participant: a person, not the organisation, a meeting or an anonymous author
        person_lookup.person_key is not null
            and contributions.author_kind in ('participant', 'user_group') as is_person,
        -- written content, what moderation applies to
        coalesce(
            contributions.is_free_text,
            contributions.kind in (
                'proposal', 'amendment', 'comment', 'debate', 'argument', 'survey_answer'
            )
        ) as is_written,
        coalesce(source_moderation.moderation_measurable, false) as moderation_measurable,
        contributions.status = 'moderated'
            or moderation_events.hidden_at is not null as is_moderated,
        moderation_events.first_reported_at,
        coalesce(moderation_events.hidden_at, contributions.moderated_at) as hidden_at,
    from located_contributions() as contributions
    left join person_lookup
        on person_join_key(contributions.person_id) = person_join_key(person_lookup.person_id)
    left join source_moderation using (source_key)
    left join moderation_events on contributions.contribution_id = moderation_events.item_id
    left join phase_days on contributions.created_at::date = phase_days.day
)

select * from final;

-- Platforms with contributions, so the sidebar's choices never read every contribution.
create or replace table contribution_platforms as
select distinct platform from contributions;

-- Identified attendances (sign-in sheets, registrations), one row each: what attendance.sql
-- reads instead of every contribution. person_key stands one-to-one for the person id.
create or replace table meeting_attendees as
select meeting_id, person_key, circle, created_at as attended_at
from contribution_facts
where kind = 'attendance' and is_person;

-- Hidden written content by participants from sources that reveal moderation, one row each:
-- what window_hide_times reads instead of every contribution.
create or replace table hidden_written_facts as
select created_at, platform, channel, circle, district_id, first_reported_at, hidden_at
from contribution_facts
where is_moderated
    and moderation_measurable
    and is_person
    and is_written;

-- Hidden items that the content files omit (Decidim removes hidden content from open data):
-- they count as moderated content even though their author and date are unknown.
create or replace table hidden_item_facts as
with
hidden_only as (
    select moderation_events.*
    from moderation_events
    anti join contributions on moderation_events.item_id = contributions.contribution_id
    where moderation_events.hidden_at is not null
),

final as (
    select
        item_id,
        split_part(item_id, '|', 1) as platform,
        split_part(item_id, '|', 2) as host,
        coalesce(nullif(split_part(item_id, '|', 3), ''), item_kind) as kind,
        'online' as channel,
        first_reported_at,
        hidden_at,
        -- the content's own date is gone: its first report (else its hiding) stands in
        coalesce(first_reported_at, hidden_at) as item_at,
        date_trunc('week', coalesce(first_reported_at, hidden_at))::date as week,
    from hidden_only
)

select * from final;

create or replace table proposal_facts as
with
final as (
    select
        proposals.*,
        person_lookup.canonical_id as canonical_person_id,
        person_lookup.circle,
        -- like a contribution's: its point, else its scope name, else its meeting's district
        coalesce(
            point_districts.district_id, district_names.district_id, meeting_facts.district_id
        ) as district_id,
        case
            when point_districts.district_id is not null then 'point'
            when district_names.district_id is not null then 'scope'
            when meeting_facts.district_id is not null then 'meeting'
        end as district_source,
        phase_days.phase_id,
        date_trunc('week', coalesce(proposals.published_at, proposals.created_at))::date as week,
        case
            when proposals.channel = 'in_person' and meeting_facts.start_at is not null
                then date_diff('day', meeting_facts.start_at::date, proposals.published_at::date)
        end as transcription_lag_days,
        coalesce(proposals.published_at, proposals.created_at) as made_at,
        date_trunc('week', proposals.answered_at)::date as answered_week,
        epoch(proposals.answered_at - coalesce(proposals.published_at, proposals.created_at))
            / 86400.0 as days_to_answer,
        -- counted in proposal metrics: amendments and hidden proposals are not proposals made
        not coalesce(proposals.is_amendment, false)
            and coalesce(proposals.status, 'published') <> 'moderated' as is_counted,
        meeting_facts.start_at as meeting_start_at,
    from proposals
    left join person_lookup
        on person_join_key(proposals.person_id) = person_join_key(person_lookup.person_id)
    left join point_districts
        on proposals.latitude = point_districts.latitude
        and proposals.longitude = point_districts.longitude
    left join district_names
        on strip_accents(lower(trim(proposals.scope_name))) = district_names.name_key
    left join meeting_facts on proposals.meeting_id = meeting_facts.meeting_id
    left join phase_days
        on coalesce(proposals.published_at, proposals.created_at)::date = phase_days.day
    -- the same proposal in two exports (variants of one source) is one proposal
    qualify row_number() over (partition by proposals.proposal_id order by proposals.source_key) = 1
)

select * from final;

-- Summaries that let the metric queries answer the usual views (no filter, or only an end
-- date) from one row per participant instead of every contribution. Both come from one
-- pass over the contributions, counted per participant, phase and channel.
create or replace temp table participant_phase_channels as
select person_key, phase_id, channel, min(created_at) as first_at, count(*) as contributions,
from contribution_facts
where is_person
group by all;

-- One row per participant (a person with a contribution of their own): first contribution
-- overall and on each channel.
create or replace table participant_facts as
with
contributed as (
    select
        person_key,
        min(first_at) as first_contribution_at,
        min(first_at) filter (where channel = 'online') as first_online_at,
        min(first_at) filter (where channel = 'in_person') as first_in_person_at,
        bool_or(channel = 'online') as has_online,
        bool_or(channel = 'in_person') as has_in_person,
        sum(contributions)::bigint as contributions,
    from participant_phase_channels
    group by person_key
),

final as (
    select
        contributed.person_key,
        person_facts.circle,
        person_facts.circle_source,
        person_facts.home_district_id,
        person_facts.home_district_source,
        contributed.* exclude (person_key),
    from contributed
    inner join person_facts using (person_key)
)

select * from final;

-- One row per participant and phase they contributed in (null phase: outside every phase).
create or replace table participant_phase_facts as
with
contributed as (
    select person_key, phase_id, min(first_at) as first_contribution_at,
    from participant_phase_channels
    group by person_key, phase_id
),

final as (
    select
        contributed.person_key,
        contributed.phase_id,
        person_facts.circle,
        person_facts.home_district_id,
        contributed.first_contribution_at,
    from contributed
    inner join person_facts using (person_key)
)

select * from final;

drop table participant_phase_channels;

-- Written content by participants (what moderation applies to), counted per day and
-- everything the filters need, so the moderation queries never read each contribution.
create or replace table written_daily as
select
    created_at::date as day,
    date_trunc('week', created_at)::date as week,
    platform,
    kind,
    channel,
    circle,
    district_id,
    moderation_measurable as measurable,
    is_moderated,
    count(*) as items,
from contribution_facts
where is_person and is_written
group by all;

-- The participants of a window: one row per person with a contribution of their own between
-- window_since and window_until (inclusive dates) on the platform and channel given (null:
-- any). Without a start date, platform or channel, the summary above answers exactly (a
-- person took part by `until` when their first contribution is by then); otherwise the
-- contributions are read. first_at is the first contribution inside the window.
create or replace macro window_participants(
    window_since, window_until, window_platform, window_channel
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
    where not (window_since is null and window_platform is null and window_channel is null)
        and is_person
        and (window_since is null or created_at >= cast(window_since as date))
        and (window_until is null or created_at < cast(window_until as date) + 1)
        and (window_platform is null or platform = window_platform)
        and (window_channel is null or channel = window_channel)
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

-- Participants counted per day of first contribution, circle and home district: a few
-- thousand rows that answer the usual windows (no start date, platform or channel).
create or replace table participant_daily as
select
    first_contribution_at::date as first_day,
    circle,
    home_district_id,
    home_district_source,
    count(*) as participants,
from participant_facts
group by all;

-- The participants of a window counted per circle, home district and how it was found (the
-- rows of window_participants, grouped), from participant_daily when it answers exactly.
create or replace macro window_participant_counts(
    window_since, window_until, window_platform, window_channel
) as table
select circle, home_district_id, home_district_source, sum(participants)::bigint as participants
from participant_daily
where window_since is null
    and window_platform is null
    and window_channel is null
    and (window_until is null or first_day <= cast(window_until as date))
group by all
union all
select circle, home_district_id, home_district_source, count(*) as participants
from window_participants(window_since, window_until, window_platform, window_channel)
where not (window_since is null and window_platform is null and window_channel is null)
group by all;

-- The same per phase: one row per participant and phase they contributed in, in the window.
create or replace macro window_participant_phases(
    window_since, window_until, window_platform, window_channel
) as table
with
from_summary as (
    select person_key, phase_id, circle, home_district_id
    from participant_phase_facts
    where window_since is null
        and window_platform is null
        and window_channel is null
        and (
            window_until is null
            or first_contribution_at < cast(window_until as date) + 1
        )
),

from_contributions as (
    select
        person_key,
        phase_id,
        any_value(circle) as circle,
        any_value(home_district_id) as home_district_id,
    from contribution_facts
    where not (window_since is null and window_platform is null and window_channel is null)
        and is_person
        and (window_since is null or created_at >= cast(window_since as date))
        and (window_until is null or created_at < cast(window_until as date) + 1)
        and (window_platform is null or platform = window_platform)
        and (window_channel is null or channel = window_channel)
    group by person_key, phase_id
)

select * from from_summary
union all
select * from from_contributions;

-- One row per content source and channel: what it holds and over which dates (coverage).
create or replace table source_facts as
select
    source_key,
    platform,
    channel,
    min(created_at) as first_at,
    max(created_at) as last_at,
    count(*) filter (where is_person) as participant_contributions,
    count(*) filter (where is_person and is_written) as written_items,
    bool_or(moderation_measurable) as moderation_measurable,
from contribution_facts
group by source_key, platform, channel;

-- The filtered windows every metric query starts from, so each filter means the same
-- everywhere (see dashboard/metrics.py for the rules). Null arguments mean "all".

-- Proposals made (published, else created) in the window, amendments and hidden ones apart;
-- circle is the author's (official and meeting proposals have none), district the proposal's.
create or replace macro window_proposals(
    window_since, window_until, window_platform, window_channel, window_circle, window_district
) as table
select *
from proposal_facts
where is_counted
    and (window_since is null or made_at >= cast(window_since as date))
    and (window_until is null or made_at < cast(window_until as date) + 1)
    and (window_platform is null or platform = window_platform)
    and (window_channel is null or channel = window_channel)
    and (window_circle is null or circle = window_circle)
    and (window_district is null or district_id = window_district);

-- Proposals answered in the window (answered_at), same other filters.
create or replace macro window_answers(
    window_since, window_until, window_platform, window_channel, window_circle, window_district
) as table
select *
from proposal_facts
where is_counted
    and answered_at is not null
    and (window_since is null or answered_at >= cast(window_since as date))
    and (window_until is null or answered_at < cast(window_until as date) + 1)
    and (window_platform is null or platform = window_platform)
    and (window_channel is null or channel = window_channel)
    and (window_circle is null or circle = window_circle)
    and (window_district is null or district_id = window_district);

-- Meetings started in the window; a meeting is online when its type is online, in person
-- otherwise; district is the meeting's. Headcounts have no circle.
create or replace macro window_meetings(
    window_since, window_until, window_platform, window_channel, window_district
) as table
select *
from meeting_facts
where (window_since is null or start_at >= cast(window_since as date))
    and (window_until is null or start_at < cast(window_until as date) + 1)
    and (window_platform is null or platform = window_platform)
    and (window_channel is null or channel = window_channel)
    and (window_district is null or district_id = window_district);

-- Written items by participants in the window (per-day counts from written_daily) plus the
-- hidden items only a moderations list names (one row each, items = 1): those have no known
-- author or district, so they drop out when a circle or district is chosen.
create or replace macro window_written(
    window_since, window_until, window_platform, window_channel, window_circle, window_district
) as table
select week, kind, channel, measurable, is_moderated, items
from written_daily
where (window_since is null or day >= cast(window_since as date))
    and (window_until is null or day <= cast(window_until as date))
    and (window_platform is null or platform = window_platform)
    and (window_channel is null or channel = window_channel)
    and (window_circle is null or circle = window_circle)
    and (window_district is null or district_id = window_district)
union all
select week, kind, channel, true, true, 1
from hidden_item_facts
where window_circle is null
    and window_district is null
    and (window_since is null or item_at >= cast(window_since as date))
    and (window_until is null or item_at < cast(window_until as date) + 1)
    and (window_platform is null or platform = window_platform)
    and (window_channel is null or channel = window_channel);

-- Report and hiding times of the hidden written items of the window, where the source gives
-- both (same filters as window_written).
create or replace macro window_hide_times(
    window_since, window_until, window_platform, window_channel, window_circle, window_district
) as table
with
hidden_written as (
    select first_reported_at, hidden_at
    from hidden_written_facts
    where (window_since is null or created_at >= cast(window_since as date))
        and (window_until is null or created_at < cast(window_until as date) + 1)
        and (window_platform is null or platform = window_platform)
        and (window_channel is null or channel = window_channel)
        and (window_circle is null or circle = window_circle)
        and (window_district is null or district_id = window_district)
),

hidden_only as (
    select first_reported_at, hidden_at
    from hidden_item_facts
    where window_circle is null
        and window_district is null
        and (window_since is null or item_at >= cast(window_since as date))
        and (window_until is null or item_at < cast(window_until as date) + 1)
        and (window_platform is null or platform = window_platform)
        and (window_channel is null or channel = window_channel)
)

select epoch(hidden_at - first_reported_at) / 3600.0 as hours_to_hide
from (select * from hidden_written union all select * from hidden_only)
where hidden_at >= first_reported_at;
