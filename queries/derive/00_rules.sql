-- Derived tables, rebuilt after every import from the base tables, so the order in which
-- exports, roster, sheets and territory are imported never changes the result. The files of
-- this folder run in the order of their numbers (dashboard/warehouse.py), one derived table
-- each; the window_* table macros that the metric queries start from are in 90_windows.sql.
--   person_map          one row per person_id seen anywhere -> its canonical person and that
--                       person's integer key (joins and counts on it are far cheaper)
--   person_facts        one row per canonical person: circle (+ source), home district (+ source)
--   contribution_facts  one row per contribution, with district, phase, person and circle
--   fact_sources        one row per content source: the small number contribution_facts
--                       names it by -> its key
--   proposal_facts      one row per proposal, with district, phase and transcription lag
--   meeting_facts       one row per meeting, with district, phase and channel
--   action_facts        one row per field action, with its district (null: "lieu inconnu")
--   source_moderation   one row per content source: can it reveal moderation?
--   moderation_events   one row per item listed as reported or hidden
--   hidden_item_facts   one row per hidden item missing from the content files
--   campaign_keys       one row per day, host and space the sources hold -> its campaigns
--   campaign_participants  one row per campaign and person who took part in it
--   participant_facts, written_daily, source_facts: summaries the metric queries read
--                       instead of every contribution
--   participant_spans   one row per participant, slice of the filters (platform, channel,
--                       campaign, phase) and 128-day block: first and last day, days active
--   participant_days    participants per slice, circle, home district, day and previous day:
--                       what a filtered window's participant counts add up
--   relay_persons       one row per person brought by a relay, with their relay
--   meeting_attendee_counts  one row per meeting and circle: identified attendees, first-timers
--   activity_bounds     one row: the last day anything happened, whether anything is undated
-- Table macros window_participants(...) and window_participant_phases(...) give the
-- participants of a filtered window from participant_spans (see queries/reach_by_circle.sql).

-- Shared rules, as macros every derived table and query uses.

-- A district name (or id, or a scope typed on a sheet) as districts are matched on: case,
-- accents and surrounding blanks aside.
create or replace macro name_key(value) as strip_accents(lower(trim(value)));

-- The filters: a null filter means "all"; dates are inclusive days.
create or replace macro matches(value, wanted) as (wanted is null or value = wanted);
create or replace macro on_or_after(moment, since) as (since is null or moment >= cast(since as date));
create or replace macro on_or_before(moment, until) as (
    until is null or moment < cast(until as date) + 1
);

-- A day as a number (participant_spans counts blocks of 128 of them): days since 1 January
-- 1970, plus 6,000 blocks so that every date of our era gives a positive number.
create or replace macro day_number(moment) as (
    cast(moment as date) - date '1970-01-01' + 6000 * 128
);

-- The host a source is on (its source_key is platform|host|entity; sheets have none).
create or replace macro source_host(source_key) as lower(split_part(source_key, '|', 2));

-- The campaign filter: a row belongs to the campaigns listed in its campaign_ids.
create or replace macro in_campaign(campaign_ids, wanted) as (
    wanted is null or list_contains(campaign_ids, wanted)
);

-- Circle rule 1's match: each roster row with every identity it names (an e-mail whatever
-- the platform; a user id or nickname on the row's platform and host, when it gives them).
create or replace macro roster_identities() as table
    select
        roster_entries.source_key,
        roster_entries.member_key,
        roster_entries.identifier_kind,
        roster_entries.circle,
        roster_entries.postcode,
        roster_entries.district_name,
        identities.host as account_host,
        identities.person_id,
    from roster_entries
    inner join identities
        on roster_entries.identifier_kind = identities.identifier_kind
        and roster_entries.identifier_hash = identities.identifier_hash
        and matches(identities.platform, roster_entries.platform)
        and matches(identities.host, roster_entries.host);

-- A contribution's or a proposal's district: its point, else the district its scope names,
-- else its meeting's district; and which of the three it came from.
create or replace macro content_district(by_point, by_name, by_meeting) as
    coalesce(by_point, by_name, by_meeting);
create or replace macro content_district_source(by_point, by_name, by_meeting) as
    case
        when by_point is not null then 'point'
        when by_name is not null then 'scope'
        when by_meeting is not null then 'meeting'
    end;
