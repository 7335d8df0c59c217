-- Sources whose content can reveal moderation: their own import says so, or a moderations
-- list was imported for the same platform and host (Decidim >= 0.30 moderations.csv).
create or replace table source_moderation as
with
latest_imports as (
    select source_key, platform, host, entity, moderation_measurable
    from imports
    qualify row_number() over (partition by source_key order by imported_at desc, import_id desc) = 1
),

moderation_lists as (
    select distinct platform, host from latest_imports where entity ilike '%moderation%'
    union
    select distinct split_part(source_key, '|', 1), split_part(source_key, '|', 2) from moderations
),

content_sources as (
    select distinct
        source_key,
        split_part(source_key, '|', 1) as platform,
        split_part(source_key, '|', 2) as host,
    from contribution_rows
    union
    select distinct
        source_key,
        split_part(source_key, '|', 1) as platform,
        split_part(source_key, '|', 2) as host,
    from survey_authors
),

final as (
    select
        content_sources.source_key,
        coalesce(latest_imports.moderation_measurable, false)
            or moderation_lists.platform is not null as moderation_measurable,
    from content_sources
    left join latest_imports using (source_key)
    left join moderation_lists
        on content_sources.platform = moderation_lists.platform
        and content_sources.host = moderation_lists.host
)

select * from final;
