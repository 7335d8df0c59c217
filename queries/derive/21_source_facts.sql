-- One row per content source and channel: what it holds and over which dates (coverage).
create or replace table source_facts as
with
grouped as (
    select
        source_no,
        platform,
        channel,
        min(created_at) as first_at,
        max(created_at) as last_at,
        count(*) filter (where is_person) as participant_contributions,
        count(*) filter (where is_person and is_written) as written_items,
        bool_or(moderation_measurable) as moderation_measurable,
    from contribution_facts
    group by source_no, platform, channel
)

select fact_sources.source_key, grouped.* exclude (source_no),
from grouped
inner join fact_sources using (source_no);

-- The filtered windows every metric query starts from, so each filter means the same
-- everywhere (see dashboard/metrics.py for the rules). Null arguments mean "all".
