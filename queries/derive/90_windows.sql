-- Whether a row of participant_spans (or participant_days) holds a slice of the filters:
-- platform, channel and campaign given (null: any), and by phase or not. The row covers the
-- slice's pattern (the participant's rows for that slice are the rows of a slice with fewer
-- "any", see the table) and its columns hold the values given.
create or replace macro in_window_slice(
    covers, platform, channel, campaign_id,
    slice_platform, slice_channel, slice_campaign, by_phase
) as (
    covers & (
        1::usmallint << (
            (slice_platform is null)::integer
            + 2 * (slice_channel is null)::integer
            + 4 * (slice_campaign is null)::integer
            + 8 * (not by_phase)::integer
        )::usmallint
    ) <> 0
    and matches(platform, slice_platform)
    and matches(channel, slice_channel)
    and matches(campaign_id, slice_campaign)
);

-- The rows of participant_spans that hold a slice of the filters (in_window_slice).
create or replace macro window_slice(slice_platform, slice_channel, slice_campaign, by_phase) as table
select *
from participant_spans
where in_window_slice(
    covers, platform, channel, campaign_id,
    slice_platform, slice_channel, slice_campaign, by_phase
);

-- Whether a row of participant_spans counts its participant in the window [since, until]
-- (inclusive dates, null: open). A participant counts once, on their first row with a
-- contribution in the window: a row whose earlier blocks already reach `since` does not.
-- Without any date, the first row counts (undated contributions too: an undated
-- contribution counts only when no date is chosen).
create or replace macro counts_in_window(
    first_at, last_day, days, block, prev_last_day, is_first, since, until
) as
    case
        when since is null and until is null then is_first
        else on_or_before(first_at, until)
            and on_or_after(last_day, since)
            and (
                since is null
                or until is null
                or first_at >= cast(since as date)
                or last_day <= cast(until as date)
                -- a row spanning the window: a contribution on one of its days
                or days & (
                    (
                        (1::uhugeint << least(
                            greatest(cast(until as date) - cast(since as date) + 1, 0), 127
                        )::uhugeint) - 1
                    ) << least(
                        greatest(day_number(since) - block * 128, 0), 127
                    )::uhugeint
                ) <> 0
            )
            and not coalesce(
                prev_last_day is not null and (since is null or prev_last_day >= cast(since as date)),
                false
            )
    end;

-- The participants of a window: one row per person with a contribution of their own between
-- window_since and window_until (inclusive dates) on the platform, channel and campaign given
-- (null: any), from participant_spans. first_at is their first contribution of the slice
-- (inside the window when no start date is given).
create or replace macro window_participants(
    window_since, window_until, window_platform, window_channel, window_campaign
) as table
select person_key, circle, circle_source, home_district_id, home_district_source, first_at
from window_slice(window_platform, window_channel, window_campaign, false)
where counts_in_window(
    first_at, last_day, days, block, prev_last_day, is_first, window_since, window_until
);

-- The participants of a window from participant_days, counted per phase (by_phase: each
-- phase apart, a participant in two phases counts in both; else phase_id is null), circle
-- and home district and how each was found: a participant counts on their first day in the window
-- (a day in it whose previous day is before it), or once when no date is chosen.
-- Several rows may share a phase, circle and district: a query adds up `participants` over
-- the columns it needs, so that the columns it does not need are never read.
create or replace macro window_day_counts(
    window_since, window_until, window_platform, window_channel, window_campaign, by_phase
) as table
select
    case when by_phase then phase_id end as phase_id,
    circle,
    circle_source,
    home_district_id,
    home_district_source,
    participants,
from participant_days
where in_window_slice(
        covers, platform, channel, campaign_id,
        window_platform, window_channel, window_campaign, by_phase
    )
    and case
        when window_since is null and window_until is null then prev_day is null
        else on_or_after(day, window_since)
            and on_or_before(day, window_until)
            and (prev_day is null or prev_day < cast(window_since as date))
    end;

-- The participants of a window counted per circle and home district and how each was found
-- (the rows of window_participants, grouped; several rows may share them, as in
-- window_day_counts): from participant_daily when it answers exactly (no start date,
-- platform, channel or campaign), else from participant_days.
create or replace macro window_participant_counts(
    window_since, window_until, window_platform, window_channel, window_campaign
) as table
select circle, circle_source, home_district_id, home_district_source, participants
from participant_daily
where window_since is null
    and window_platform is null
    and window_channel is null
    and window_campaign is null
    and on_or_before(first_day, window_until)
union all
select circle, circle_source, home_district_id, home_district_source, participants
from window_day_counts(
    window_since, window_until, window_platform, window_channel, window_campaign, false
)
where not (
    window_since is null
    and window_platform is null
    and window_channel is null
    and window_campaign is null
);

-- The participants of a window living in each district of the territory, of the circle
-- given (null: any): one row per district, with its name and population, and whether a rate
-- can be computed (a population above zero). What the district tables count.
create or replace macro window_district_counts(
    window_since, window_until, window_platform, window_channel, window_campaign, window_circle
) as table
with
observed as (
    select home_district_id as district_id, sum(participants)::bigint as participants
    from window_participant_counts(
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

-- The same per phase: rows per phase (null: outside every phase, or undated), circle,
-- home district and how it was found (the rows of window_participant_phases, grouped).
create or replace macro window_participant_phase_counts(
    window_since, window_until, window_platform, window_channel, window_campaign
) as table
select *
from window_day_counts(
    window_since, window_until, window_platform, window_channel, window_campaign, true
);

-- The participants whose first contribution (of the platform, channel and campaign given,
-- null: any) is on or before window_until, counted per day of that first contribution,
-- circle and home district.
create or replace macro window_first_days(
    window_until, window_platform, window_channel, window_campaign
) as table
select day, circle, home_district_id, sum(participants)::bigint as participants
from participant_days
where in_window_slice(
        covers, platform, channel, campaign_id,
        window_platform, window_channel, window_campaign, false
    )
    and prev_day is null
    and day is not null
    and on_or_before(day, window_until)
group by all;

-- The same per phase: one row per participant and phase they contributed in, in the window
-- (null phase: outside every phase, or undated).
create or replace macro window_participant_phases(
    window_since, window_until, window_platform, window_channel, window_campaign
) as table
select person_key, phase_id, circle, home_district_id
from window_slice(window_platform, window_channel, window_campaign, true)
where counts_in_window(
    first_at, last_day, days, block, prev_last_day, is_first, window_since, window_until
);

-- Proposals made (published, else created) in the window, amendments and hidden ones apart;
-- circle is the author's (official and meeting proposals have none), district the proposal's.
create or replace macro window_proposals(
    window_since, window_until, window_platform, window_channel, window_circle, window_district,
    window_campaign
) as table
select *
from proposal_facts
where is_counted
    and on_or_after(made_at, window_since)
    and on_or_before(made_at, window_until)
    and matches(platform, window_platform)
    and matches(channel, window_channel)
    and in_campaign(campaign_ids, window_campaign)
    and matches(circle, window_circle)
    and matches(district_id, window_district);

-- Proposals answered in the window (answered_at), same other filters.
create or replace macro window_answers(
    window_since, window_until, window_platform, window_channel, window_circle, window_district,
    window_campaign
) as table
select *
from proposal_facts
where is_counted
    and answered_at is not null
    and on_or_after(answered_at, window_since)
    and on_or_before(answered_at, window_until)
    and matches(platform, window_platform)
    and matches(channel, window_channel)
    and in_campaign(campaign_ids, window_campaign)
    and matches(circle, window_circle)
    and matches(district_id, window_district);

-- Meetings started in the window; a meeting is online when its type is online, in person
-- otherwise; district is the meeting's. Headcounts have no circle.
create or replace macro window_meetings(
    window_since, window_until, window_platform, window_channel, window_district, window_campaign
) as table
select *
from meeting_facts
where on_or_after(start_at, window_since)
    and on_or_before(start_at, window_until)
    and matches(platform, window_platform)
    and matches(channel, window_channel)
    and in_campaign(campaign_ids, window_campaign)
    and matches(district_id, window_district);

-- Written items by participants in the window (per-day counts from written_daily) plus the
-- hidden items only a moderations list names (one row each, items = 1): those have no known
-- author or district, so they drop out when a circle or district is chosen.
create or replace macro window_written(
    window_since, window_until, window_platform, window_channel, window_circle, window_district,
    window_campaign
) as table
select week, kind, channel, measurable, is_moderated, items
from written_daily
where on_or_after(day, window_since)
    and on_or_before(day, window_until)
    and matches(platform, window_platform)
    and matches(channel, window_channel)
    and in_campaign(campaign_ids, window_campaign)
    and matches(circle, window_circle)
    and matches(district_id, window_district)
union all
select week, kind, channel, true, true, 1
from hidden_item_facts
where window_circle is null
    and window_district is null
    and on_or_after(item_at, window_since)
    and on_or_before(item_at, window_until)
    and matches(platform, window_platform)
    and matches(channel, window_channel)
    and in_campaign(campaign_ids, window_campaign);

-- Report and hiding times of the hidden written items of the window, where the source gives
-- both (same filters as window_written).
create or replace macro window_hide_times(
    window_since, window_until, window_platform, window_channel, window_circle, window_district,
    window_campaign
) as table
with
hidden_written as (
    select first_reported_at, hidden_at
    from hidden_written_facts
    where on_or_after(created_at, window_since)
        and on_or_before(created_at, window_until)
        and matches(platform, window_platform)
        and matches(channel, window_channel)
        and in_campaign(campaign_ids, window_campaign)
        and matches(circle, window_circle)
        and matches(district_id, window_district)
),

hidden_only as (
    select first_reported_at, hidden_at
    from hidden_item_facts
    where window_circle is null
        and window_district is null
        and on_or_after(item_at, window_since)
        and on_or_before(item_at, window_until)
        and matches(platform, window_platform)
        and matches(channel, window_channel)
        and in_campaign(campaign_ids, window_campaign)
)

select epoch(hidden_at - first_reported_at) / 3600.0 as hours_to_hide
from (select * from hidden_written union all select * from hidden_only)
where hidden_at >= first_reported_at;
