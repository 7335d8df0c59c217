-- Version 3: identified attendance read from a sign-in sheet no longer names its line (a line
-- of the sheet is a person): 'sheet||attendance|' then the keyed pseudonym of the whole id,
-- as platform content ids since version 2.
update contributions
set contribution_id = 'sheet||attendance|' || pseudo(contribution_id)
where contribution_id like 'sheet||attendance|%:%';
