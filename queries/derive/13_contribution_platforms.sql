-- Platforms with contributions, so the sidebar's choices never read every contribution.
create or replace table contribution_platforms as
select distinct platform from contributions;
