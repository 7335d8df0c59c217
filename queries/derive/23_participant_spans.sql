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
-- A slice with "any" in it is written only when two or more finest slices of the participant
-- fall in it; otherwise its rows are those of the one finest slice, whose `sole` has the
-- slice's pattern bit set (bit p: the only finest slice in the slice of pattern p). Most
-- participants contribute on one platform, channel and campaign, in one phase: one row each.
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

-- Another finest slice g of the participant falls in the slice of pattern p around the finest
-- slice f when p has "any" for every column where they differ: 43690 (0xAAAA) has the bits of
-- the patterns with "any" platform, 52428 (0xCCCC) channel, 61680 (0xF0F0) campaign, 65280
-- (0xFF00) phase. f is sole in the patterns where no other slice falls (all of them when the
-- participant has no other slice: no row here).
slice_pairs as (
    select
        f.slice_no as f_no,
        g.slice_no as g_no,
        (
            (case when f.platform is distinct from g.platform then 43690 else 65535 end)
            & (case when f.channel is distinct from g.channel then 52428 else 65535 end)
            & (case when f.campaign_id is distinct from g.campaign_id then 61680 else 65535 end)
            & (case when f.phase_id is distinct from g.phase_id then 65280 else 65535 end)
        )::usmallint as shared,
    from slices as f
    inner join slices as g on f.slice_no <> g.slice_no
),

sole as (
    select f.person_key, f.slice_no, ~bit_or(slice_pairs.shared) as sole,
    from person_slices as f
    inner join person_slices as g
        on f.person_key = g.person_key and f.slice_no <> g.slice_no
    inner join slice_pairs on f.slice_no = slice_pairs.f_no and g.slice_no = slice_pairs.g_no
    group by all
),

finest_rows as materialized (
    select finest_coded.*, coalesce(sole.sole, 65535::usmallint) as sole,
    from finest_coded
    left join sole using (person_key, slice_no)
),

-- each finest row as itself (pattern 0), and in the broad slices (patterns 1 to 15) it is not
-- sole in, which two or more finest slices of the participant share
spans as (
    select finest_rows.person_key, slice_broad.broad_no, finest_rows.block,
        finest_rows.first_at, finest_rows.last_day, finest_rows.days, finest_rows.sole,
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
        0::usmallint,
    from finest_rows
    inner join slice_broad
        on finest_rows.slice_no = slice_broad.slice_no and slice_broad.pattern > 0
    where (finest_rows.sole >> slice_broad.pattern) & 1 = 0
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
        ordered.sole,
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
