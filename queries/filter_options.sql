-- Choices the sidebar filters offer: one row per (filter, value), in display order.
-- Campaigns and phases in calendar order, platforms and districts by name.
with
campaign_choices as (
    select
        'campaign' as filter,
        campaign_id as value,
        coalesce(label, campaign_id) as label,
        coalesce(strftime(starts_on, '%Y-%m-%d'), campaign_id) as sort_key,
    from campaigns
),

phase_choices as (
    select
        'phase' as filter,
        phase_id as value,
        coalesce(name, phase_id) as label,
        coalesce(strftime(starts_on, '%Y-%m-%d'), phase_id) as sort_key,
    from phases
),

platforms_seen as (
    select platform from contribution_platforms
    union
    select platform from proposals
    union
    select platform from meetings
),

platform_choices as (
    select
        'platform' as filter,
        platform as value,
        platform as label,
        platform as sort_key,
    from platforms_seen
    where platform is not null
),

district_choices as (
    select
        'district' as filter,
        district_id as value,
        coalesce(name, district_id) as label,
        lower(coalesce(name, district_id)) as sort_key,
    from districts
),

final as (
    select * from campaign_choices
    union all
    select * from phase_choices
    union all
    select * from platform_choices
    union all
    select * from district_choices
)

select filter, value, label from final
order by filter, sort_key
