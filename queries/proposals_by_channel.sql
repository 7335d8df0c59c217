-- Proposals by channel and origin: one row per channel (online, in_person) and origin
-- (participant, user_group, official, meeting, organisation) present in the window.
-- A proposal is in_person when created in a meeting or written on a paper sheet, online
-- otherwise (the campaign team's own proposals on the platform included). Amendments and
-- hidden proposals are excluded; withdrawn ones were made and count.
-- Filters: since/until on the making date, platform, channel, circle of the author (drops
-- official and meeting proposals), district of the proposal.
with
proposals as (
    select channel, origin
    from window_proposals($since, $until, $platform, $channel, $circle, $district, $campaign)
),

final as (
    select
        channel,
        origin,
        count(*) as proposals,
        count(*) / sum(count(*)) over () as share,
    from proposals
    group by channel, origin
)

select * from final
order by channel, origin
