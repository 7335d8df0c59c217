-- The participants of a window counted without reading one row per participant: what
-- window_participant_counts (90_windows.sql) sums when a start date, platform, channel or
-- campaign is chosen.
-- One row per slice of participant_spans (pattern, covers, platform, channel, campaign, phase),
-- circle and home district (and how each was found), day and previous day: how many participants
-- contributed in the slice on `day` and, before it, last on `prev_day` (null: `day` is their
-- first day in the slice). A participant is in the window [since, until] exactly when one of
-- their days is in it, and counts once, on the first such day: the day in the window whose
-- previous day is before `since`. Participants with only undated contributions have one row
-- with a null day and a null previous day (counted when no date is chosen, like
-- participant_spans' first rows). Sorted by slice and day, so a query reads few of its blocks.
create or replace table participant_days as
with
spans as (
    select * from participant_spans
),

-- the slices, circles and home districts of the rows, numbered: counting on one integer
-- is several times cheaper than on ten columns
groups as materialized (
    select
        *,
        row_number() over () as group_number,
    from (
        select distinct
            pattern, covers, platform, channel, campaign_id, phase_id,
            circle, circle_source, home_district_id, home_district_source,
        from spans
    )
),

numbered as (
    select groups.group_number, spans.*,
    from spans
    inner join groups
        on spans.pattern = groups.pattern
        and spans.covers = groups.covers
        and spans.platform is not distinct from groups.platform
        and spans.channel is not distinct from groups.channel
        and spans.campaign_id is not distinct from groups.campaign_id
        and spans.phase_id is not distinct from groups.phase_id
        and spans.circle is not distinct from groups.circle
        and spans.circle_source is not distinct from groups.circle_source
        and spans.home_district_id is not distinct from groups.home_district_id
        and spans.home_district_source is not distinct from groups.home_district_source
),

-- the days of each dated row (days since 1970), from its bits between its first and last day
dated as (
    select
        group_number,
        prev_last_day - date '1970-01-01' as prev_last_day,
        block * 128 - 6000 * 128 as block_start,
        list_filter(
            range(day_number(first_at) - block * 128, day_number(last_day) - block * 128 + 1),
            lambda bit: (days >> bit::uhugeint) & 1::uhugeint = 1::uhugeint
        ) as bits,
    from numbered
    where block is not null
),

-- each day with the one before it: the row's previous day, else the blocks' before it
-- (a slice [:n] ends at n inclusive: [:-1] would keep the last day, and pair it with none)
days as (
    select
        group_number,
        unnest(list_transform(bits, lambda bit: block_start + bit)) as day,
        unnest(
            list_prepend(
                prev_last_day,
                list_transform(bits[:len(bits) - 1], lambda bit: block_start + bit)
            )
        ) as prev_day,
    from dated
),

undated_only as (
    select group_number, null::integer as day, null::integer as prev_day,
    from numbered
    where block is null and is_first
),

counted as (
    select group_number, day, prev_day, count(*) as participants,
    from (select * from days union all select * from undated_only)
    group by all
),

final as (
    select
        groups.* exclude (group_number),
        date '1970-01-01' + counted.day::integer as day,
        date '1970-01-01' + counted.prev_day::integer as prev_day,
        counted.participants,
    from counted
    inner join groups using (group_number)
    order by pattern, platform, channel, campaign_id, day
)

select * from final;
