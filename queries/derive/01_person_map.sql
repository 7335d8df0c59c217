-- Persons sharing an e-mail pseudonym are one person (a platform account and a sign-in sheet line).
create or replace table person_map as
with
all_ids as (
    select person_id from identities
    union
    select person_id from persons
    union
    select person_id from contributions where person_id is not null
),

email_groups as (
    select identifier_hash, min(person_id) as canonical_id
    from identities
    where identifier_kind = 'email'
    group by identifier_hash
),

linked as (
    select identities.person_id, min(email_groups.canonical_id) as canonical_id
    from identities
    inner join email_groups using (identifier_hash)
    where identities.identifier_kind = 'email'
    group by identities.person_id
),

-- A sign-in sheet line giving a platform nickname is that account, when one account has it.
sheet_nicknames as (
    select sheet.person_id, min(account.person_id) as account_id
    from identities as sheet
    inner join identities as account
        on sheet.identifier_hash = account.identifier_hash
        and account.identifier_kind = 'nickname'
        and account.platform <> 'sheet'
    where sheet.identifier_kind = 'nickname' and sheet.platform = 'sheet'
    group by sheet.person_id
    having count(distinct account.person_id) = 1
),

final as (
    select
        all_ids.person_id,
        coalesce(
            account_linked.canonical_id,
            sheet_nicknames.account_id,
            linked.canonical_id,
            all_ids.person_id
        ) as canonical_id,
    from all_ids
    left join linked using (person_id)
    left join sheet_nicknames using (person_id)
    left join linked as account_linked on sheet_nicknames.account_id = account_linked.person_id
)

select
    person_id,
    canonical_id,
    dense_rank() over (order by canonical_id) as person_key,
from final;
