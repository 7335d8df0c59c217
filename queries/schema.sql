-- Warehouse schema, version 8.
-- Base tables hold what the importers read, one row per source record, tagged with the
-- `source_key` of the export it came from so that a newer export of the same source replaces
-- it. Derived tables (`person_facts`, `contribution_facts`, ...) are rebuilt from the base
-- tables after every import by queries/derive/, so the order of imports never matters.
-- No table holds a name, an e-mail address or a platform identifier in clear: persons are
-- known by `person_id`, a keyed HMAC computed at import with a key kept outside this file.

create table if not exists warehouse_meta (
    key varchar primary key,
    value varchar,
);

-- One row per import of one file (or zip entry).
create table if not exists imports (
    import_id bigint,
    source_key varchar,          -- platform|host|entity: what a newer export replaces
    file_name varchar,           -- base name only
    checksum varchar,            -- sha256 of the file's bytes
    platform varchar,            -- decidim, capcollectif, granddebat, roster, sheet, territory
    host varchar,
    entity varchar,              -- proposals, comments, meetings, roster, ...
    format_version varchar,      -- e.g. 'decidim 0.27', 'decidim <0.30'
    imported_at timestamp,
    rows_read bigint,
    rows_kept bigint,
    rows_skipped bigint,
    skipped_reasons varchar,     -- JSON list of {code, its values, n: rows}; see dashboard/messages.py
    warnings varchar,            -- JSON list of {code, its values} (older rows: English text)
    moderation_measurable boolean, -- false when this source cannot reveal hidden content
);

-- Every identifier a person is known by, pseudonymised. One person may have several
-- (Decidim user id and nickname, Cap Collectif user id and e-mail).
create table if not exists identities (
    source_key varchar,
    platform varchar,
    host varchar,
    identifier_kind varchar,     -- id, nickname, email
    identifier_hash varchar,     -- pseudo(kind:value), host-free so a roster can match any instance
    person_id varchar,           -- pseudo(platform|host|id): the person's key
);

-- Platform accounts and what their profile says.
create table if not exists persons (
    source_key varchar,
    person_id varchar,
    platform varchar,
    host varchar,
    person_kind varchar,         -- citizen, user_group, elected, organisation_profit, organisation_nonprofit
    profile_postcode varchar,    -- normalised 5-digit French postcode when the profile has one
    user_group_ids varchar[],    -- pseudonymised groups the person belongs to (circle signals)
);

-- Everything a person (or the organisation) wrote or did: proposals, comments, votes,
-- supports, debates, survey answers, arguments, identified meeting attendance. Read it as the
-- view `contributions` (queries/views.sql): these rows, and the Grand Débat answers that have
-- an author, which are kept narrow in survey_answers (below).
create table if not exists contribution_rows (
    source_key varchar,
    contribution_id varchar,     -- platform|host|kind|pseudo(platform|host|kind|id); sign-ins alike; paper proposals: their own;
                                 -- Grand Débat answers (the view's): granddebat|host|survey_answer|author's pseudonym.time (µs).rank in that second
    kind varchar,                -- proposal, amendment, comment, vote, support, debate, survey_answer, argument, attendance
    person_id varchar,           -- null when the author is not a person (official, meeting, anonymous)
    author_kind varchar,         -- participant, user_group, official, meeting, anonymous
    user_group_id varchar,       -- pseudonymised group the person wrote on behalf of
    channel varchar,             -- online, in_person
    created_at timestamp,
    status varchar,              -- published, moderated, withdrawn
    moderated_at timestamp,
    is_free_text boolean,        -- written content that moderation applies to
    latitude double,
    longitude double,
    scope_name varchar,          -- district/scope name as the platform gave it
    meeting_id varchar,          -- meeting the contribution was made in (in-person)
    platform varchar,
    space_id varchar,            -- participatory space (Decidim), where the export says it
);

-- Grand Débat answers that have an author, millions of them in a national theme file: one
-- narrow row each, with no text, the author by number (survey_authors). The view
-- `contributions` gives them as contributions: survey_answer, online, written, their id made
-- of their author's pseudonym, time and rank. Anonymous answers are rows of contribution_rows.
create table if not exists survey_answers (
    author_no integer,           -- survey_authors.author_no
    created_at timestamp,
    rank integer,                -- among the author's answers of that second, by the platform's id (not kept)
    moderated boolean,           -- trashed on the platform
);

-- The authors of survey_answers: one row per source and author.
create table if not exists survey_authors (
    source_key varchar,
    author_no integer,           -- unique in the warehouse
    person_id varchar,
);

-- Proposals, for throughput and channel metrics (they also appear in `contributions`).
create table if not exists proposals (
    source_key varchar,
    proposal_id varchar,         -- same value as contributions.contribution_id
    person_id varchar,
    origin varchar,              -- participant, user_group, official, meeting, organisation
    channel varchar,             -- online, in_person
    state varchar,               -- submitted, evaluating, accepted, rejected, withdrawn
    is_amendment boolean,
    created_at timestamp,
    published_at timestamp,
    answered_at timestamp,
    meeting_id varchar,
    latitude double,
    longitude double,
    scope_name varchar,
    votes_digital bigint,        -- null when the export does not split votes
    votes_paper bigint,
    status varchar,              -- published, moderated, withdrawn
    platform varchar,
    space_id varchar,
);

create table if not exists meetings (
    source_key varchar,
    meeting_id varchar,          -- platform|host|meeting|id, or sheet|<sheet meeting id>
    title varchar,
    meeting_type varchar,        -- in_person, online, hybrid
    start_at timestamp,
    end_at timestamp,
    latitude double,
    longitude double,
    scope_name varchar,          -- district name given by the source
    place varchar,
    headcount bigint,            -- anonymous attendance: never added to participants
    contributions_count bigint,
    platform varchar,
    space_id varchar,
);

-- Hidden (moderated) items, where the source lists them (Decidim >= 0.30, Cap Collectif).
create table if not exists moderations (
    source_key varchar,
    item_id varchar,             -- matches contributions.contribution_id (pseudonymised alike)
    item_kind varchar,
    first_reported_at timestamp,
    hidden_at timestamp,
    report_count bigint,
);

-- The campaign's own roster: one row per identifier, pseudonymised, in pseudonym order (no
-- line number: a line of the roster file is a person, its rows share its member_key).
create table if not exists roster_entries (
    source_key varchar,
    identifier_kind varchar,     -- email, id, nickname
    platform varchar,            -- null for e-mail; platform name
    host varchar,                -- null: any instance of the platform
    identifier_hash varchar,
    circle integer,              -- 1 core activists, 2 sympathisers, 3 general public
    postcode varchar,
    district_name varchar,
    relay varchar,               -- the member through whom this person came (a label the team chose)
    member_key varchar,          -- pseudo(the line's identifiers together): the accounts one line names are one person
);

-- Relays named on sign-in sheets (`venu_par`): one row per sign-in line that names one.
create table if not exists relay_mentions (
    source_key varchar,
    person_id varchar,           -- the sign-in sheet's person pseudonym
    meeting_id varchar,
    relay varchar,               -- a label the team chose, never an e-mail address
);

-- The director's objectives, every version kept: a changed target or deadline is a new
-- version, closing one is a version too. The latest version of an indicator is its objective.
create table if not exists objective_versions (
    indicator varchar,           -- a headline key, or participants_per_1000:<district id>
    version integer,             -- 1, 2, ... per indicator
    target double,
    deadline date,
    starts_on date,              -- null: counted from the beginning of the campaign
    closed boolean,
    recorded_at timestamp,
    recorded_from varchar,       -- the sheet's file name, or 'dashboard'
);

-- Field actions the team recorded on the `actions` sheet (door-to-door, leafleting, stands...):
-- one row per line. Where it happened is kept as typed; queries/derive/ finds its district.
create table if not exists field_actions (
    source_key varchar,
    action_id varchar,           -- sheet||action|<file stem>:<line>
    action_date date,
    action_type varchar,         -- porte_a_porte, boitage, tractage, stand, reunion_publique, phoning, sms, autre
    scope_name varchar,          -- district id or name as typed
    postcode varchar,
    latitude double,
    longitude double,
    volunteers bigint,
    doors_knocked bigint,
    doors_opened bigint,
    conversations bigint,
    contacts bigint,
    leaflets bigint,
    team varchar,                -- the team's own label
);

-- Campaign-configured platform signals (rule 2 of the circle assignment).
create table if not exists circle_signals (
    platform varchar,
    host varchar,
    user_group_id varchar,       -- pseudonymised like contributions.user_group_id
    circle integer,
);

create table if not exists districts (
    district_id varchar primary key,
    name varchar,
    population bigint,           -- null: rates cannot be computed
    population_kind varchar,     -- what population counts: residents, or registered (voters)
    geometry_wkb blob,           -- full geometry (WGS84) for point-in-polygon
    display_geojson varchar,     -- simplified geometry for the map, id property only
);

create table if not exists postcode_districts (
    postcode varchar,
    district_id varchar,
);

-- The campaigns one warehouse holds (`campagnes` sheet); none: one campaign, everything.
-- A contribution belongs to each campaign whose dates hold its day and whose host (and
-- participatory spaces, when listed) its source is on; sheets (in person) by date alone.
create table if not exists campaigns (
    campaign_id varchar,
    label varchar,
    starts_on date,
    ends_on date,                -- inclusive
    vote_on date,                -- the vote the campaign led to, when there is one
    host varchar,                -- platform host (null: every source)
    space_ids varchar[],         -- participatory space ids on that host (null: all of them)
);

create table if not exists phases (
    phase_id varchar,
    name varchar,
    starts_on date,
    ends_on date,                -- inclusive
    restricted boolean,          -- contributions here come from a restricted circle (rule 3)
);

-- Where each located point falls, computed in Python with shapely at import (no spatial
-- extension offline); rebuilt whenever points or districts change.
create table if not exists point_districts (
    latitude double,
    longitude double,
    district_id varchar,
);
