-- One row per moderated item, with the earliest report and hiding times the lists give.
create or replace table moderation_events as
select
    item_id,
    any_value(item_kind) as item_kind,
    min(first_reported_at) as first_reported_at,
    min(hidden_at) as hidden_at,
from moderations
group by item_id;
