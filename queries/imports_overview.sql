-- What the warehouse holds: one row per import that still counts (a newer export of the
-- same source replaces the older one's row), newest first. Read by the Données page and
-- by the dashboard to tell an empty warehouse from a filled one.
with
imports_logged as (
    select * from imports
),

final as (
    select
        import_id,
        file_name,
        platform,
        host,
        entity,
        format_version,
        imported_at,
        rows_read,
        rows_kept,
        rows_skipped,
        coalesce(skipped_reasons, '[]') as skipped_reasons,
        coalesce(warnings, '[]') as warnings,
        moderation_measurable,
        source_key,
    from imports_logged
)

select * from final
order by imported_at desc, import_id desc
