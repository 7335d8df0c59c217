-- The participants of each campaign: one row per campaign and person with a contribution of
-- their own in it (what the campaign comparisons read).
create or replace table campaign_participants as
select distinct campaign_id, person_key, circle
from (
    select unnest(campaign_ids) as campaign_id, person_key, circle
    from contribution_facts
    where is_person and campaign_ids is not null
);
