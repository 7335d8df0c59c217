-- Postcodes that designate exactly one district (a postcode over several is no evidence);
-- the postcode table may name its districts by id or by name.
create or replace table postcode_district as
select postcode_districts.postcode, min(district_names.district_id) as district_id
from postcode_districts
inner join district_names
    on name_key(postcode_districts.district_id) = district_names.name_key
group by postcode_districts.postcode
having count(distinct district_names.district_id) = 1;
