-- Version 4: the districts say what their population counts (residents, or registered
-- voters for polling stations); territories imported before counted residents.
alter table districts add column if not exists population_kind varchar;
update districts set population_kind = 'residents' where population_kind is null;
