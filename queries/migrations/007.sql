-- Version 7: every roster line keeps the keyed pseudonym of its identifiers together (relay
-- lines only kept it before), so the platform accounts one line names are one person. Lines
-- imported before without a relay have none and link nothing: re-import the roster to link them.
alter table roster_entries add column if not exists member_key varchar;
update roster_entries set member_key = relay_member where member_key is null;
alter table roster_entries drop column if exists relay_member;
