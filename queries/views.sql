-- Views over the base tables, created after the schema and its migrations (a view cannot
-- replace the table an older warehouse has under the same name until its migration ran).

-- Every contribution: the rows of the exports, and the Grand Débat answers that have an
-- author, as the contributions they are. An answer's id is its author's pseudonym, its time in
-- microseconds and its rank among the author's answers of that second.
create or replace view contributions as
select * from contribution_rows
union all by name
select
    survey_authors.source_key,
    'granddebat|' || split_part(survey_authors.source_key, '|', 2) || '|survey_answer|'
        || survey_authors.person_id || '.'
        || coalesce(epoch_us(survey_answers.created_at)::varchar, '') || '.'
        || survey_answers.rank as contribution_id,
    'survey_answer' as kind,
    survey_authors.person_id,
    'participant' as author_kind,
    'online' as channel,
    survey_answers.created_at,
    case when survey_answers.moderated then 'moderated' else 'published' end as status,
    true as is_free_text,
    'granddebat' as platform,
from survey_answers
inner join survey_authors using (author_no);
