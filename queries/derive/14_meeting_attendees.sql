-- Identified attendances (sign-in sheets, registrations), one row each: what attendance.sql
-- reads instead of every contribution. person_key stands one-to-one for the person id.
create or replace table meeting_attendees as
select meeting_id, person_key, circle, created_at as attended_at
from contribution_facts
where kind = 'attendance' and is_person;
