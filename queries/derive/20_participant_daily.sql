-- Participants counted per day of first contribution, circle (and how it was decided) and
-- home district (and how it was found): a few
-- thousand rows that answer the usual windows (no start date, platform or channel).
create or replace table participant_daily as
select
    first_contribution_at::date as first_day,
    circle,
    circle_source,
    home_district_id,
    home_district_source,
    count(*) as participants,
from participant_facts
group by all;
