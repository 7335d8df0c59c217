-- Platforms with contributions, so the sidebar's choices never read every contribution.
create or replace table contribution_platforms as
select distinct platform from contribution_rows
union
select distinct split_part(source_key, '|', 1) from survey_authors;
