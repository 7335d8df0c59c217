-- The phase of each campaign day (the earliest-starting phase when phases overlap), so facts
-- find their phase with an equality join.
create or replace table phase_days as
with
days as (
    select
        unnest(generate_series(starts_on::timestamp, ends_on::timestamp, interval 1 day))::date
            as day,
        phase_id,
        starts_on,
    from phases
    where starts_on is not null and ends_on is not null
)

select day, arg_min(phase_id, (starts_on, phase_id)) as phase_id
from days
group by day;
