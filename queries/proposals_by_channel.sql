-- Proposals by channel and origin: one row per channel (online, in_person) and origin
-- (participant, user_group, official, meeting, organisation) present in the window.
-- A proposal is in_person when created in a meeting or written on a paper sheet, online
-- otherwise (the campaign team's own proposals on the platform included). Amendments and
-- hidden proposals are excluded; withdrawn ones were made and count.
-- Filters: since/until on the making date, platform, channel, circle of the author (drops
-- official and meeting proposals), district of the proposal.
with
-- proposals made per day (queries/derive/27_proposal_days.sql), with the filters of
-- window_proposals
proposals as (
    select channel, origin, proposals
    from proposal_days
    where kind = 'made'
        and on_or_after(day, $since)
        and on_or_before(day, $until)
        and matches(platform, $platform)
        and matches(channel, $channel)
        and in_campaign(campaign_ids, $campaign)
        and matches(circle, $circle)
        and matches(district_id, $district)
),

final as (
    select
        channel,
        origin,
        sum(proposals)::bigint as proposals,
        sum(proposals) / sum(sum(proposals)) over () as share,
    from proposals
    group by channel, origin
)

select * from final
order by channel, origin
