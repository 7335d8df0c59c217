-- When each participant took part, per slice of the filters, so that a window with any start
-- date, end date, platform, channel or campaign counts its participants without reading the
-- contributions again (window_participants in 90_windows.sql).
-- One row per participant, slice and block of 128 days (day_number in 00_rules.sql) in
-- which they contributed, plus one row with a null block for their undated contributions:
--   slice            the platform, channel, campaign and phase the contributions are of;
--                    `pattern` says which of them are "any" (bit 0 platform, 1 channel,
--                    2 campaign, 3 phase; 0: all four given, the finest slice)
--   first_at         first contribution of the slice in the block; last_day the last day
--   days             bit i set: a contribution on day number block x 128 + i
--   prev_last_day    the slice's last day in the blocks before (null: the first block)
--   is_first         the slice's first row (blocks in order, the undated row last)
--   covers           the patterns (bit p: pattern p) whose slice around the row's holds the
--                    same finest slices of the participant as the row's own slice: the row
--                    is the participant's rows for those slices too (in_window_slice)
-- A slice with "any" in it is written only when two or more finest slices of the participant
-- fall in it, and only at the pattern with "any" exactly where those slices differ: the
-- slices of the patterns with more "any" that hold the same finest slices are in its
-- `covers`. A finest slice alone in the slices of some patterns covers them. Most
-- participants contribute on one platform, channel and campaign, in one phase: one row each,
-- which covers every pattern. (A participant in two phases had eight rows per block written,
-- one per pattern with "any" phase, all alike: one now.)
create or replace table participant_spans as
with
-- the one pass over the contributions; a contribution in two campaigns is in both slices
finest as materialized (
    select
        person_key,
        platform,
        channel,
        campaign_id,
        phase_id,
        day_number(created_at) // 128 as block,
        min(created_at) as first_at,
        max(created_at)::date as last_day,
        bit_or(1::uhugeint << (day_number(created_at) % 128)::uhugeint) as days,
    from (
        select
            person_key, platform, channel, phase_id, created_at,
            unnest(coalesce(campaign_ids, [null])) as campaign_id,
        from contribution_facts
        where is_person
    )
    group by all
),

-- the slices (platform, channel, campaign, phase) the participants contributed in, numbered:
-- what follows groups, joins and sorts on integers rather than on four texts
slices as materialized (
    select *, (row_number() over ())::integer as slice_no,
    from (select distinct platform, channel, campaign_id, phase_id from finest)
),

-- the slice of each pattern (bit 0 platform, 1 channel, 2 campaign, 3 phase: "any") around
-- each finest slice, numbered too
slice_patterns as materialized (
    select
        slice_no,
        pattern::integer as pattern,
        case when pattern & 1 = 0 then platform end as platform,
        case when pattern & 2 = 0 then channel end as channel,
        case when pattern & 4 = 0 then campaign_id end as campaign_id,
        case when pattern & 8 = 0 then phase_id end as phase_id,
    from slices, range(16) as patterns(pattern)
),

broad_slices as materialized (
    select *, (row_number() over ())::integer as broad_no,
    from (select distinct pattern, platform, channel, campaign_id, phase_id from slice_patterns)
),

slice_broad as materialized (
    select slice_patterns.slice_no, slice_patterns.pattern, broad_slices.broad_no,
    from slice_patterns
    inner join broad_slices
        on slice_patterns.pattern = broad_slices.pattern
        and slice_patterns.platform is not distinct from broad_slices.platform
        and slice_patterns.channel is not distinct from broad_slices.channel
        and slice_patterns.campaign_id is not distinct from broad_slices.campaign_id
        and slice_patterns.phase_id is not distinct from broad_slices.phase_id
),

finest_coded as materialized (
    select slices.slice_no, finest.person_key, finest.block, finest.first_at, finest.last_day,
        finest.days,
    from finest
    inner join slices
        on finest.platform is not distinct from slices.platform
        and finest.channel is not distinct from slices.channel
        and finest.campaign_id is not distinct from slices.campaign_id
        and finest.phase_id is not distinct from slices.phase_id
),

person_slices as materialized (
    select distinct person_key, slice_no from finest_coded
),

-- The columns two finest slices differ on (bit 0 platform, 1 channel, 2 campaign, 3 phase):
-- g falls in the slice of pattern p around f when p has "any" for each of them.
slice_diffs as (
    select
        f.slice_no as f_no,
        g.slice_no as g_no,
        (
            (f.platform is distinct from g.platform)::integer
            + 2 * (f.channel is distinct from g.channel)::integer
            + 4 * (f.campaign_id is distinct from g.campaign_id)::integer
            + 8 * (f.phase_id is distinct from g.phase_id)::integer
        ) as diff,
    from slices as f
    inner join slices as g on f.slice_no <> g.slice_no
),

-- For each finest slice f of a participant, the sets of columns the participant's other
-- finest slices differ from it on: bit d set when some slice differs on the columns d.
differences as (
    select f.person_key, f.slice_no, bit_or(1 << slice_diffs.diff) as diff_set,
    from person_slices as f
    inner join person_slices as g
        on f.person_key = g.person_key and f.slice_no <> g.slice_no
    inner join slice_diffs on f.slice_no = slice_diffs.f_no and g.slice_no = slice_diffs.g_no
    group by all
),

-- For each such set and each pattern p, the columns on which the finest slices in the slice
-- of pattern p around f differ: `spread` (0: f is alone in it). Those slices are exactly the
-- ones in the slice of pattern `spread` around f, so that slice's rows stand for the slice of
-- pattern p. Worked out once per set (a few dozen), not per participant.
spreads as (
    select
        diff_set,
        patterns.pattern::integer as pattern,
        coalesce(
            bit_or(diffs.diff) filter (
                where (diff_set >> diffs.diff) & 1 = 1 and diffs.diff & ~patterns.pattern = 0
            ),
            0
        ) as spread,
    from (select distinct diff_set from differences), range(16) as patterns(pattern),
        range(1, 16) as diffs(diff)
    group by all
),

-- the patterns each slice around f stands for: spread 0 is f's own rows, another spread the
-- slice of that pattern around f, written (only participants with two or more finest slices
-- have rows here)
covered as materialized (
    select differences.person_key, differences.slice_no, spread_covers.spread,
        spread_covers.covers,
    from differences
    inner join (
        select diff_set, spread, bit_or(1 << pattern)::usmallint as covers,
        from spreads
        group by all
    ) as spread_covers using (diff_set)
),

finest_rows as materialized (
    select finest_coded.*, coalesce(covered.covers, 65535::usmallint) as covers,
    from finest_coded
    left join covered
        on finest_coded.person_key = covered.person_key
        and finest_coded.slice_no = covered.slice_no
        and covered.spread = 0
),

-- each finest row as itself (pattern 0), and in the slices with "any" written for it: those
-- of the patterns that are the spread of some pattern around its slice
spans as (
    select finest_rows.person_key, slice_broad.broad_no, finest_rows.block,
        finest_rows.first_at, finest_rows.last_day, finest_rows.days, finest_rows.covers,
    from finest_rows
    inner join slice_broad on finest_rows.slice_no = slice_broad.slice_no and slice_broad.pattern = 0
    union all
    select
        finest_rows.person_key,
        slice_broad.broad_no,
        finest_rows.block,
        min(finest_rows.first_at),
        max(finest_rows.last_day),
        bit_or(finest_rows.days),
        -- the same for each finest slice of the broad one
        max(covered.covers),
    from finest_rows
    inner join covered
        on finest_rows.person_key = covered.person_key
        and finest_rows.slice_no = covered.slice_no
        and covered.spread > 0
    inner join slice_broad
        on finest_rows.slice_no = slice_broad.slice_no and covered.spread = slice_broad.pattern
    group by finest_rows.person_key, slice_broad.broad_no, finest_rows.block
),

ordered as (
    select
        *,
        -- the blocks' last days rise with them (the undated row, last, has none): the
        -- latest day before a row is the last day of the row before it
        lag(last_day) over (partition by broad_no, person_key order by block nulls last)
            as prev_last_day,
        row_number() over (partition by broad_no, person_key order by block nulls last) = 1
            as is_first,
    from spans
),

final as (
    select
        broad_slices.pattern::utinyint as pattern,
        ordered.covers,
        broad_slices.platform,
        broad_slices.channel,
        broad_slices.campaign_id,
        broad_slices.phase_id,
        ordered.person_key,
        ordered.block::integer as block,
        ordered.first_at,
        ordered.last_day,
        ordered.days,
        ordered.prev_last_day,
        ordered.is_first,
        person_facts.circle,
        person_facts.circle_source,
        person_facts.home_district_id,
        person_facts.home_district_source,
    from ordered
    inner join broad_slices using (broad_no)
    inner join person_facts using (person_key)
)

select * from final;
