-- A contribution's district: its point, else its scope name, else its meeting's district.
-- Rows of contribution_rows only: survey answers with an author have no point, scope or
-- meeting, and their repeats are found apart (dropped_answers, below).
-- The same contribution in two exports (variants of one source) is kept once (its first row);
-- every join is many-to-one (one district a point, a name key, a meeting), so each
-- contribution gives one row. A macro: person_facts and contribution_facts read it in turn.
-- Repeats are looked for among ids sharing a 64-bit hash first (grouping millions of integers,
-- not strings), then confirmed on the ids themselves, so a hash collision changes nothing.
create or replace table duplicate_contributions as
with
repeated_hashes as (
    select hash(contribution_id) as id_hash
    from contribution_rows
    group by id_hash
    having count(*) > 1
)

select contribution_id, min(rowid) as kept_rowid
from contribution_rows
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
from contribution_rows as contributions
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

-- The same survey answer in two exports (a theme file and its copy, or a part of it) is kept
-- once, its first row: same author (pseudonym), time and rank, as their ids say. Only authors
-- found in two sources can have such repeats, so every other answer is left unread.
create or replace table dropped_answers as
with
shared_authors as (
    select author_no, person_id
    from survey_authors
    qualify count(*) over (partition by person_id) > 1
)

select survey_answers.rowid as answer_rowid
from survey_answers
inner join shared_authors using (author_no)
qualify row_number() over (
    partition by shared_authors.person_id, survey_answers.created_at, survey_answers.rank
    order by survey_answers.rowid
) > 1;

-- Survey answers with an author, each once (their author's source and person: survey_authors).
create or replace macro kept_answers() as table
select *
from survey_answers
where rowid not in (select answer_rowid from dropped_answers);
