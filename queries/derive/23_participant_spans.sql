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

finest_slices as materialized (
    select distinct person_key, platform, channel, campaign_id, phase_id from finest
),

-- Another finest slice g of the participant falls in the slice of pattern p around the finest
-- slice f when p has "any" for every column where they differ: 43690 (0xAAAA) has the bits of
-- the patterns with "any" platform, 52428 (0xCCCC) channel, 61680 (0xF0F0) campaign, 65280
-- (0xFF00) phase. f is sole in the patterns where no other slice falls (all of them when the
-- participant has no other slice: no row here).
sole as (
    select
        f.person_key, f.platform, f.channel, f.campaign_id, f.phase_id,
        ~bit_or(
            (
                (case when f.platform is distinct from g.platform then 43690 else 65535 end)
                & (case when f.channel is distinct from g.channel then 52428 else 65535 end)
                & (case when f.campaign_id is distinct from g.campaign_id then 61680 else 65535 end)
                & (case when f.phase_id is distinct from g.phase_id then 65280 else 65535 end)
            )::usmallint
        ) as sole,
    from finest_slices as f
    inner join finest_slices as g
        on f.person_key = g.person_key
        and (f.platform, f.channel, f.campaign_id, f.phase_id)
            is distinct from (g.platform, g.channel, g.campaign_id, g.phase_id)
    group by all
),

finest_rows as materialized (
    select finest.*, 0 as pattern, coalesce(sole.sole, 65535::usmallint) as sole,
    from finest
    left join sole
        on finest.person_key = sole.person_key
        and finest.platform is not distinct from sole.platform
        and finest.channel is not distinct from sole.channel
        and finest.campaign_id is not distinct from sole.campaign_id
        and finest.phase_id is not distinct from sole.phase_id
),

-- each finest row in the broad slices (patterns 1 to 15) it is not sole in, which two or more
-- finest slices of the participant share
broad_rows as (
    select
        person_key,
        case when pattern & 1 = 0 then platform end as platform,
        case when pattern & 2 = 0 then channel end as channel,
        case when pattern & 4 = 0 then campaign_id end as campaign_id,
        case when pattern & 8 = 0 then phase_id end as phase_id,
        block,
        min(first_at) as first_at,
        max(last_day) as last_day,
        bit_or(days) as days,
        pattern,
        0::usmallint as sole,
    from (
        select finest_rows.* exclude (pattern), unnest(range(1, 16)) as pattern,
        from finest_rows
    )
    where (sole >> pattern) & 1 = 0
    group by all
),

spans as (
    select * from finest_rows
    union all by name
    select * from broad_rows
),

ordered as (
    select
        *,
        -- the blocks' last days rise with them (the undated row, last, has none): the
        -- latest day before a row is the last day of the row before it
        lag(last_day) over (
            partition by pattern, platform, channel, campaign_id, phase_id, person_key
            order by block nulls last
        ) as prev_last_day,
        row_number() over (
            partition by pattern, platform, channel, campaign_id, phase_id, person_key
            order by block nulls last
        ) = 1 as is_first,
    from spans
),

final as (
    select
        ordered.pattern::utinyint as pattern,
        ordered.sole,
        ordered.platform,
        ordered.channel,
        ordered.campaign_id,
        ordered.phase_id,
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
    inner join person_facts using (person_key)
)

select * from final;
