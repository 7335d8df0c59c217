-- Written content by participants (what moderation applies to), counted per day and
-- everything the filters need, so the moderation queries never read each contribution.
create or replace table written_daily as
select
    created_at::date as day,
    date_trunc('week', created_at)::date as week,
    platform,
    kind,
    channel,
    circle,
    district_id,
    moderation_measurable as measurable,
    is_moderated,
    campaign_ids,
    count(*) as items,
from contribution_facts
where is_person and is_written
group by all;
