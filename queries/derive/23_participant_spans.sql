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

-- participants with two finest slices or more: only they have slices of their own with "any"
several as (
    select person_key from finest_slices group by person_key having count(*) > 1
),

broad_slices as (
    select
        person_key,
        platform,
        channel,
        campaign_id,
        phase_id,
        grouping(phase_id, campaign_id, channel, platform) as pattern,
        count(*) as members,
    from finest_slices
    semi join several using (person_key)
    group by person_key, cube(platform, channel, campaign_id, phase_id)
),

-- which broad slices a finest slice of those participants falls in
belongs as materialized (
    select finest_slices.*, broad_slices.pattern, broad_slices.members,
        broad_slices.platform as broad_platform,
        broad_slices.channel as broad_channel,
        broad_slices.campaign_id as broad_campaign_id,
        broad_slices.phase_id as broad_phase_id,
    from finest_slices
    inner join broad_slices
        on finest_slices.person_key = broad_slices.person_key
        and (broad_slices.pattern & 1 = 1 or finest_slices.platform is not distinct from broad_slices.platform)
        and (broad_slices.pattern & 2 = 2 or finest_slices.channel is not distinct from broad_slices.channel)
        and (broad_slices.pattern & 4 = 4 or finest_slices.campaign_id is not distinct from broad_slices.campaign_id)
        and (broad_slices.pattern & 8 = 8 or finest_slices.phase_id is not distinct from broad_slices.phase_id)
),

sole as (
    select person_key, platform, channel, campaign_id, phase_id,
        bit_or(1::usmallint << pattern::usmallint) filter (where members = 1) as sole,
    from belongs
    group by all
),

finest_rows as (
    select finest.*, 0 as pattern, coalesce(sole.sole, 65535::usmallint) as sole,
    from finest
    left join sole
        on finest.person_key = sole.person_key
        and finest.platform is not distinct from sole.platform
        and finest.channel is not distinct from sole.channel
        and finest.campaign_id is not distinct from sole.campaign_id
        and finest.phase_id is not distinct from sole.phase_id
),

broad_rows as (
    select
        finest.person_key,
        belongs.broad_platform as platform,
        belongs.broad_channel as channel,
        belongs.broad_campaign_id as campaign_id,
        belongs.broad_phase_id as phase_id,
        finest.block,
        min(finest.first_at) as first_at,
        max(finest.last_day) as last_day,
        bit_or(finest.days) as days,
        belongs.pattern,
        0::usmallint as sole,
    from finest
    inner join belongs
        on finest.person_key = belongs.person_key
        and finest.platform is not distinct from belongs.platform
        and finest.channel is not distinct from belongs.channel
        and finest.campaign_id is not distinct from belongs.campaign_id
        and finest.phase_id is not distinct from belongs.phase_id
    where belongs.members > 1
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
