-- Paper vs digital votes: one row. Over proposals made in the window whose export splits
-- their votes (Cap Collectif digital/paper counts), the votes of each kind and the paper
-- share; plus individual vote and support contributions by channel, where they are listed.
-- Filters: since/until on the making date (of the proposal, or of the vote), platform,
-- channel, circle of the author, district of the proposal or vote.
with
split_proposals as (
    select votes_digital, votes_paper
    from window_proposals($since, $until, $platform, $channel, $circle, $district, $campaign)
    where votes_digital is not null or votes_paper is not null
),

vote_contributions as (
    select channel
    from contribution_facts
    where kind in ('vote', 'support')
        and ($since is null or created_at >= cast($since as date))
        and ($until is null or created_at < cast($until as date) + 1)
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
        and ($circle is null or circle = $circle)
        and ($district is null or district_id = $district)
),

proposal_votes as (
    select
        count(*) as proposals_with_split,
        coalesce(sum(votes_digital), 0)::bigint as votes_digital,
        coalesce(sum(votes_paper), 0)::bigint as votes_paper,
        sum(votes_paper) / nullif(sum(coalesce(votes_digital, 0) + coalesce(votes_paper, 0)), 0)
            as paper_share,
    from split_proposals
),

listed_votes as (
    select
        count(*) filter (where channel = 'online') as listed_online_votes,
        count(*) filter (where channel = 'in_person') as listed_in_person_votes,
    from vote_contributions
),

final as (
    select proposal_votes.*, listed_votes.*
    from proposal_votes
    cross join listed_votes
)

select * from final
