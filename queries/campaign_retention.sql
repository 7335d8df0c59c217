-- Who stays from one campaign to another: one row per ordered pair of campaigns (from, to)
-- and circle.
--   participants  persons who took part in the `from` campaign (a contribution of their own)
--   also_in_to    of them, those who took part in the `to` campaign too
--   retention     also_in_to / participants (null when no participant)
-- A person is the same across campaigns when queries/derive.sql makes them one (the same
-- platform account; an e-mail or nickname that a sign-in sheet shares with an account). The
-- circle is the person's (one per person). Campaigns are compared whole: no filter applies.
with
campaign_list as (
    select campaign_id, label, starts_on from campaigns
),

pairs as (
    select
        from_campaign.campaign_id as from_campaign,
        to_campaign.campaign_id as to_campaign,
        from_campaign.starts_on as from_starts_on,
        to_campaign.starts_on as to_starts_on,
        circles.circle,
    from campaign_list as from_campaign
    cross join campaign_list as to_campaign
    cross join (select unnest([1, 2, 3]) as circle) as circles
    where from_campaign.campaign_id <> to_campaign.campaign_id
),

followed as (
    select
        came.campaign_id as from_campaign,
        stayed.campaign_id as to_campaign,
        came.circle,
        count(*) as also_in_to,
    from campaign_participants as came
    inner join campaign_participants as stayed
        on came.person_key = stayed.person_key
        and came.campaign_id <> stayed.campaign_id
    group by all
),

counted as (
    select campaign_id as from_campaign, circle, count(*) as participants,
    from campaign_participants
    group by all
),

final as (
    select
        pairs.from_campaign,
        pairs.to_campaign,
        pairs.circle,
        coalesce(counted.participants, 0) as participants,
        coalesce(followed.also_in_to, 0) as also_in_to,
        coalesce(followed.also_in_to, 0) / nullif(counted.participants, 0) as retention,
        pairs.from_starts_on,
        pairs.to_starts_on,
    from pairs
    left join counted using (from_campaign, circle)
    left join followed using (from_campaign, to_campaign, circle)
)

select * exclude (from_starts_on, to_starts_on) from final
order by from_starts_on, from_campaign, to_starts_on, to_campaign, circle
