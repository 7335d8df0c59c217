-- Hidden items that the content files omit (Decidim removes hidden content from open data):
-- they count as moderated content even though their author and date are unknown. Survey
-- answers with an author are not looked at: no moderation list can name them (their ids are
-- made of the author's pseudonym, see queries/views.sql).
create or replace table hidden_item_facts as
with
hidden_only as (
    select moderation_events.*
    from moderation_events
    anti join contribution_rows on moderation_events.item_id = contribution_rows.contribution_id
    where moderation_events.hidden_at is not null
),

final as (
    select
        item_id,
        split_part(item_id, '|', 1) as platform,
        split_part(item_id, '|', 2) as host,
        coalesce(nullif(split_part(item_id, '|', 3), ''), item_kind) as kind,
        'online' as channel,
        first_reported_at,
        hidden_at,
        -- the content's own date is gone: its first report (else its hiding) stands in
        coalesce(first_reported_at, hidden_at) as item_at,
        date_trunc('week', coalesce(first_reported_at, hidden_at))::date as week,
        -- by the host it was on and the day that stands in for its date
        (
            select list(campaigns.campaign_id order by campaigns.starts_on, campaigns.campaign_id)
            from campaigns
            where coalesce(first_reported_at, hidden_at)::date
                    between campaigns.starts_on and campaigns.ends_on
                and (campaigns.host is null or campaigns.host = lower(split_part(item_id, '|', 2)))
        ) as campaign_ids,
    from hidden_only
)

select * from final;
