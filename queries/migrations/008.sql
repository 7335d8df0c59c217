-- Version 8: contributions are the view `contributions` (queries/views.sql) over the rows of
-- contribution_rows and the narrow Grand Débat answers of survey_answers; the rows a version 7
-- warehouse holds move to contribution_rows as they are (its Grand Débat answers included).
-- contribution_facts becomes a view too (queries/derive/12_contribution_facts.sql): the
-- derived table goes, and is derived again at once.
insert into contribution_rows by name select * from contributions;
drop table contributions;
drop table if exists contribution_facts;
