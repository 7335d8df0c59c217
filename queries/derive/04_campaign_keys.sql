-- The campaigns of each (day, host, participatory space) the sources hold: a contribution,
-- proposal or meeting belongs to every campaign whose dates hold its day and whose host (and
-- spaces, when the campaign lists some) it is on; sheets (in person, no host) go by date
-- alone, and so does content whose export does not say its space. Overlapping campaigns each
-- count what they share. The facts find their campaigns with an equality join on this table.
create or replace table campaign_keys as
with
-- the answers' sources numbered: millions of answers are told apart by day and an integer,
-- not by a source key of sixty characters (0.2 s instead of 0.6 at 10 M)
answer_sources as (
    select author_no, source_key, dense_rank() over (order by source_key) as source_no,
    from survey_authors
    where exists (select 1 from campaigns)
),

answer_days as (
    select distinct survey_answers.created_at::date as day, answer_sources.source_no
    from survey_answers
    inner join answer_sources using (author_no)
),

-- days of each source first, hosts after: millions of contributions, a few sources
contribution_days as (
    select distinct created_at::date as day, source_key, space_id
    from contribution_rows
    where exists (select 1 from campaigns)
    union
    select answer_days.day, source_numbers.source_key, null
    from answer_days
    inner join (select distinct source_no, source_key from answer_sources) as source_numbers
        using (source_no)
),

source_keys as (
    select distinct day, source_host(source_key) as host, space_id
    from contribution_days
    union
    select distinct
        coalesce(published_at, created_at)::date, source_host(source_key), space_id
    from proposals
    where exists (select 1 from campaigns)
    union
    select distinct start_at::date, source_host(source_key), space_id
    from meetings
    where exists (select 1 from campaigns)
),

final as (
    select
        source_keys.day,
        source_keys.host,
        coalesce(source_keys.space_id, '') as space_key,
        list(campaigns.campaign_id order by campaigns.starts_on, campaigns.campaign_id)
            as campaign_ids,
    from source_keys
    inner join campaigns
        on source_keys.day between campaigns.starts_on and campaigns.ends_on
        and (campaigns.host is null or source_keys.host = '' or source_keys.host = campaigns.host)
        and (
            campaigns.space_ids is null
            or source_keys.space_id is null
            or list_contains(campaigns.space_ids, source_keys.space_id)
        )
    group by all
)

select * from final;
