-- One row per person id seen anywhere -> its canonical person. Ids are one person when they
-- are linked, directly or through one another:
--   - they share an e-mail pseudonym (a platform account and a sign-in sheet line);
--   - a sign-in sheet line gives the nickname of a platform account, when one account has it;
--   - one roster line names them (its e-mail and its platform account: a line is a person).
-- A person is known by the smallest platform account id of the group (else its smallest id),
-- so signing a sheet never changes the key of an account.
create or replace table person_map as
-- A union of its own sits in a subquery: in a `with recursive`, DuckDB before 2.0 reads a
-- CTE that is a union as a recursive one, and returned every id of this one twice.
with recursive
all_ids as (
    select * from (
        select person_id from identities
        union
        select person_id from persons
        union
        select person_id from contribution_rows where person_id is not null
        union
        select person_id from survey_authors
    )
),

sheet_ids as (
    select distinct person_id from identities where platform = 'sheet'
),

nickname_accounts as (
    select identifier_hash, min(person_id) as account_id
    from identities
    where identifier_kind = 'nickname' and platform <> 'sheet'
    group by identifier_hash
    having count(distinct person_id) = 1
),

-- The ids one roster line names, as circle rule 1 matches them. A user id typed with a
-- platform name but no host is another account on each instance (ids are numbered per
-- instance): it links the line only when one instance has it.
roster_links as (
    select source_key, member_key, person_id
    from roster_identities()
    where member_key is not null
    qualify identifier_kind <> 'id'
        or count(distinct account_host) over (
            partition by source_key, member_key, identifier_kind
        ) = 1
),

-- one row per id and an id it is linked to
links as (
    select person_id, min(person_id) over (partition by identifier_hash) as linked_id
    from identities
    where identifier_kind = 'email'

    union all
    select sheet.person_id, nickname_accounts.account_id
    from identities as sheet
    inner join nickname_accounts using (identifier_hash)
    where sheet.identifier_kind = 'nickname' and sheet.platform = 'sheet'

    union all
    select person_id, min(person_id) over (partition by source_key, member_key)
    from roster_links
),

edges as (
    select * from (
        select person_id, linked_id from links where person_id <> linked_id
        union
        select linked_id, person_id from links where person_id <> linked_id
    )
),

-- every id linked to each linked id, however many links away (groups are a person's few ids)
reached (person_id, reached_id) as (
    select distinct person_id, person_id from edges
    union
    select reached.person_id, edges.linked_id
    from reached
    inner join edges on reached.reached_id = edges.person_id
),

canonical as (
    select
        reached.person_id,
        arg_min(
            reached.reached_id, (sheet_ids.person_id is not null, reached.reached_id)
        ) as canonical_id,
    from reached
    left join sheet_ids on reached.reached_id = sheet_ids.person_id
    group by reached.person_id
),

final as (
    select
        all_ids.person_id,
        coalesce(canonical.canonical_id, all_ids.person_id) as canonical_id,
    from all_ids
    left join canonical using (person_id)
),

-- numbered in the order of canonical_id, as one ranking of every id would (which runs on one
-- core): ranked within groups of one first character pair, side by side, then shifted by the
-- persons of the groups before (1.3-1.55 s instead of 1.7-1.97 for the file at 10 M)
numbered as (
    select
        person_id,
        canonical_id,
        left(canonical_id, 2) as initials,
        dense_rank() over (partition by initials order by canonical_id) as rank_within,
    from final
),

shifts as (
    select
        initials,
        coalesce(sum(max(rank_within)) over (
            order by initials rows between unbounded preceding and 1 preceding
        ), 0) as shift,
    from numbered
    group by initials
)

-- a sum is a 128-bit integer; the key is read and written millions of times after, as 32 bits
select person_id, canonical_id, (shift + rank_within)::integer as person_key,
from numbered
inner join shifts using (initials);
