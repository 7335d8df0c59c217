-- Hidden items that the content files omit (Decidim removes hidden content from open data):
-- they count as moderated content even though their author and date are unknown.
create or replace table hidden_item_facts as
with
hidden_only as (
    select moderation_events.*
    from moderation_events
    anti join contributions on moderation_events.item_id = contributions.contribution_id
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
    from hidden_only
)

select * from final;
