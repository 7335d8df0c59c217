-- The campaigns of the campagnes sheet: one row per campaign, oldest first.
select campaign_id, label, starts_on, ends_on, vote_on, host, space_ids
from campaigns
order by starts_on, campaign_id
