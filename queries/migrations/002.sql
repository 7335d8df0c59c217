-- Version 2: nothing stored links a pseudonym back to a person without the key.
-- The roster's line numbers go: a line of the roster file is a person.
alter table roster_entries drop column if exists line_number;
-- Platform content ids become keyed pseudonyms (the public page of a proposal, comment or
-- debate names its author); the 'platform|host|kind|' prefix stays, so joins work as before.
-- Meetings keep their ids: public events of the organisation, whose titles are stored anyway.
update contributions
set contribution_id = regexp_extract(contribution_id, '^(.*[|])', 1) || pseudo(contribution_id)
where split_part(contribution_id, '|', 1) in ('decidim', 'capcollectif', 'granddebat');
update proposals
set proposal_id = regexp_extract(proposal_id, '^(.*[|])', 1) || pseudo(proposal_id)
where split_part(proposal_id, '|', 1) in ('decidim', 'capcollectif', 'granddebat');
update moderations
set item_id = regexp_extract(item_id, '^(.*[|])', 1) || pseudo(item_id)
where split_part(item_id, '|', 1) in ('decidim', 'capcollectif', 'granddebat');
