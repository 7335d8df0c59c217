-- Version 5: the roster names the member through whom each person came (relays). Roster lines
-- imported before keep no relay: re-import the roster with its `relais` column to count them.
alter table roster_entries add column if not exists relay varchar;
alter table roster_entries add column if not exists relay_member varchar;
