-- Hidden written content by participants from sources that reveal moderation, one row each:
-- what window_hide_times reads instead of every contribution.
create or replace table hidden_written_facts as
select
    created_at, platform, channel, circle, district_id, first_reported_at, hidden_at, campaign_ids,
from contribution_facts
where is_moderated
    and moderation_measurable
    and is_person
    and is_written;
