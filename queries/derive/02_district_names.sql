-- How a district may be written (its name or its id, case and accents aside): one district a
-- key, so joining on it never multiplies rows (a name two districts share goes to the first).
create or replace table district_names as
select name_key, min(district_id) as district_id
from (
    select district_id, name_key(name) as name_key from districts
    union
    select district_id, name_key(district_id) from districts
)
where name_key is not null
group by name_key;
