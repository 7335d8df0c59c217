-- A contribution's district: its point, else its scope name, else its meeting's district.
-- The same contribution in two exports (variants of one source) is kept once (its first row);
-- every join is many-to-one (one district a point, a name key, a meeting), so each
-- contribution gives one row. A macro: person_facts and contribution_facts read it in turn.
-- Repeats are looked for among ids sharing a 64-bit hash first (grouping millions of integers,
-- not strings), then confirmed on the ids themselves, so a hash collision changes nothing.
create or replace table duplicate_contributions as
with
repeated_hashes as (
    select hash(contribution_id) as id_hash
    from contributions
    group by id_hash
    having count(*) > 1
)

select contribution_id, min(rowid) as kept_rowid
from contributions
where hash(contribution_id) in (select id_hash from repeated_hashes)
group by contribution_id
having count(*) > 1;

create or replace macro located_contributions() as table
select
    contributions.*,
    content_district(
        point_districts.district_id, district_names.district_id, meeting_facts.district_id
    ) as district_id,
    content_district_source(
        point_districts.district_id, district_names.district_id, meeting_facts.district_id
    ) as district_source,
from contributions
left join duplicate_contributions
    on contributions.contribution_id = duplicate_contributions.contribution_id
left join point_districts
    on contributions.latitude = point_districts.latitude
    and contributions.longitude = point_districts.longitude
left join district_names
    on name_key(contributions.scope_name) = district_names.name_key
left join meeting_facts on contributions.meeting_id = meeting_facts.meeting_id
where duplicate_contributions.kept_rowid is null
    or contributions.rowid = duplicate_contributions.kept_rowid;

-- Older warehouses kept each contribution's district apart; contribution_facts holds it.
drop table if exists contribution_districts;
