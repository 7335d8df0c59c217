-- Version 8: contributions are the view `contributions` (queries/views.sql) over the rows of
-- contribution_rows and the narrow Grand Débat answers of survey_answers; the rows a version 7
-- warehouse holds move to contribution_rows as they are (its Grand Débat answers included).
insert into contribution_rows by name select * from contributions;
drop table contributions;
