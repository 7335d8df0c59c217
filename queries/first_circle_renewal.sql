-- Renewal of the first circle: one row per campaign that has a previous one (the campaign
-- that started last before it).
--   first_circle       participants of circle 1 (activists) in the campaign
--   from_previous      of them, those who took part in the previous campaign too
--   renewed            first_circle - from_previous: activists the previous campaign did not have
--   renewal_share      renewed / first_circle (null when the campaign has no activist)
-- A person is the same across campaigns as in campaign_retention.sql. No filter applies.
with
campaign_list as (
    select
        campaign_id,
        starts_on,
        lag(campaign_id) over (order by starts_on, campaign_id) as previous_campaign,
    from campaigns
),

activists as (
    select campaign_list.campaign_id, campaign_list.previous_campaign, campaign_participants.person_key,
    from campaign_list
    inner join campaign_participants using (campaign_id)
    where campaign_participants.circle = 1
),

counted as (
    select
        activists.campaign_id,
        count(*) as first_circle,
        count(earlier.person_key) as from_previous,
    from activists
    left join campaign_participants as earlier
        on activists.previous_campaign = earlier.campaign_id
        and activists.person_key = earlier.person_key
    group by activists.campaign_id
),

final as (
    select
        campaign_list.campaign_id,
        campaign_list.previous_campaign,
        coalesce(counted.first_circle, 0) as first_circle,
        coalesce(counted.from_previous, 0) as from_previous,
        coalesce(counted.first_circle, 0) - coalesce(counted.from_previous, 0) as renewed,
        (counted.first_circle - counted.from_previous) / nullif(counted.first_circle, 0)
            as renewal_share,
        campaign_list.starts_on,
    from campaign_list
    left join counted using (campaign_id)
    where campaign_list.previous_campaign is not null
)

select * exclude (starts_on) from final
order by starts_on, campaign_id
