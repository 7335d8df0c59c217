-- Each raw person id with its canonical person's facts: one join for the contribution,
-- proposal and relay facts. Only the derived tables read it, so it lives as long as the
-- import's connection: storing a million rows cost about half a second of each import, and
-- older warehouses drop the copy they stored.
drop table if exists main.person_lookup;

create or replace temp table person_lookup as
select
    person_map.person_id,
    person_facts.person_id as canonical_id,
    person_facts.person_key,
    person_facts.circle,
    person_facts.circle_source,
    person_facts.home_district_id,
    person_facts.home_district_source,
from person_map
inner join person_facts using (person_key);
