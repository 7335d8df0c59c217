-- Campaigns week by week, aligned for comparison: one row per campaign and week number.
-- week = whole weeks from the campaign's vote, negative before it (-1: the 7 days before the
-- vote day, 0: the vote day and the 6 after), or from its first day when it has no vote date
-- (0: its first 7 days); aligned_to says which. Every week from the campaign's first day to
-- its last is listed, empty ones with 0.
--   participants      distinct persons with a contribution of their own that week
--   new_participants  of them, those whose first contribution in the campaign falls that week
--   cumulative        the campaign's participants so far (new participants summed)
--   proposals         proposals made that week (amendments and hidden ones apart)
-- A contribution is in a campaign as queries/derive.sql says (campaign_keys). Campaigns are
-- compared whole: the sidebar's filters do not apply. Participants come from
-- participant_days (the campaign's slice): a participant is active in a week on their first
-- day in it, the one whose previous day is in an earlier week, and new on their first day.
with
campaign_list as (
    select
        campaign_id,
        label,
        starts_on,
        ends_on,
        coalesce(vote_on, starts_on) as aligned_on,
        case when vote_on is null then 'start' else 'vote' end as aligned_to,
    from campaigns
),

-- each campaign's slice: any platform, channel and phase
contribution_days as (
    select campaign_id, day, prev_day, participants
    from participant_days
    where campaign_id is not null
        and day is not null
        and in_window_slice(
            covers, platform, channel, campaign_id, null, null, campaign_id, false
        )
),

proposals as (
    select unnest(campaign_ids) as campaign_id, made_at::date as day,
    from proposal_facts
    where is_counted and campaign_ids is not null
),

-- the week number of a day: floor((day - aligned day) / 7)
dated_contributions as (
    select
        contribution_days.campaign_id,
        floor((contribution_days.day - campaign_list.aligned_on) / 7)::integer as week,
        floor((contribution_days.prev_day - campaign_list.aligned_on) / 7)::integer
            as prev_week,
        contribution_days.prev_day is null as is_first_day,
        contribution_days.participants,
    from contribution_days
    inner join campaign_list using (campaign_id)
),

dated_proposals as (
    select
        proposals.campaign_id,
        floor((proposals.day - campaign_list.aligned_on) / 7)::integer as week,
    from proposals
    inner join campaign_list using (campaign_id)
),

weeks as (
    select
        campaign_id,
        unnest(generate_series(
            floor((starts_on - aligned_on) / 7)::integer,
            floor((ends_on - aligned_on) / 7)::integer
        )) as week,
    from campaign_list
),

active as (
    select campaign_id, week, sum(participants)::bigint as participants,
    from dated_contributions
    where prev_week is null or prev_week < week
    group by campaign_id, week
),

newcomers as (
    select campaign_id, week, sum(participants)::bigint as new_participants,
    from dated_contributions
    where is_first_day
    group by campaign_id, week
),

proposals_made as (
    select campaign_id, week, count(*) as proposals,
    from dated_proposals
    group by campaign_id, week
),

final as (
    select
        weeks.campaign_id,
        campaign_list.label,
        campaign_list.aligned_to,
        weeks.week,
        coalesce(active.participants, 0) as participants,
        coalesce(newcomers.new_participants, 0) as new_participants,
        (sum(coalesce(newcomers.new_participants, 0)) over (
            partition by weeks.campaign_id order by weeks.week
        ))::bigint as cumulative,
        coalesce(proposals_made.proposals, 0) as proposals,
    from weeks
    inner join campaign_list using (campaign_id)
    left join active using (campaign_id, week)
    left join newcomers using (campaign_id, week)
    left join proposals_made using (campaign_id, week)
)

select * from final
order by campaign_id, week
