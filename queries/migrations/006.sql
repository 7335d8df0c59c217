-- Version 6: contributions, proposals and meetings keep their participatory space (a
-- campaign may be one space of a host); the campaigns table comes with the schema.
alter table contributions add column if not exists space_id varchar;
alter table proposals add column if not exists space_id varchar;
alter table meetings add column if not exists space_id varchar;
