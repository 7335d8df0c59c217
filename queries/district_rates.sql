-- Participants by district: one row per district of the territory.
--   participants    participants of the window whose home district is this one
--   rate_per_1000   participants per 1,000 residents (none where the population is unknown
--                   or zero)
-- What an objective on one district's rate reads: district_reach's first columns, without
-- what compares the districts (expected counts, smoothing, last meetings).
-- Filters: as district_reach.
with
counted as (
    select *
    from window_district_counts($since, $until, $platform, $channel, $campaign, $circle)
),

final as (
    select
        district_id,
        name,
        population,
        computable,
        participants,
        1000 * case when computable then 1.0 * participants / population end as rate_per_1000,
    from counted
)

select * from final
where $district is null or district_id = $district
order by district_id
