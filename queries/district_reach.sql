-- Reach by district: one row per district of the territory.
--   participants (O)       participants of the window whose home district is this one
--   rate_per_1000          O per 1,000 residents
--   expected (E)           population x (participants with a known home district / population),
--                          both totals over districts with a population
--   ratio                  O / E
--   missing_participants   max(0, E - O), ranked in target_rank (1 = most missing)
--   smoothed_rate_per_1000 empirical-Bayes rate (Marshall 1991, Poisson-gamma method of
--                          moments): overall rate m = sum O / sum P, between-district
--                          variance A = sum P (r - m)^2 / sum P - m / mean P (0 if negative),
--                          shrinkage C = A / (A + m / P), smoothed = m + C (r - m). A is worked
--                          out with the districts whose count is hidden taken as one district
--                          (the rule of dashboard/privacy.py hidden_cells, $min_count): every
--                          smoothed rate shown carries A, which would give their counts back
--   last_meeting_at        last meeting held in the district up to the end of the window
-- Districts with no (or zero) population are `computable = false`: no rate, E or status.
-- The exact Poisson funnel limits and the status are added in Python (dashboard/funnel.py,
-- scipy's chi-square quantiles) on top of this result.
-- Filters: participants as in reach_by_circle, except district: E needs every district, so
-- the district filter only narrows the rows returned.
with
last_meetings as (
    select district_id, max(start_at) as last_meeting_at
    from meeting_facts
    where district_id is not null
        and ($until is null or start_at < cast($until as date) + 1)
    group by district_id
),

counted as (
    select *
    from window_district_counts($since, $until, $platform, $channel, $campaign, $circle)
),

-- the counts the small-count rule hides (privacy.hidden_cells, over every district): 1 to
-- $min_count - 1, and when only one is, the smallest other positive count (the first district)
small as (
    select *, participants between 1 and $min_count - 1 as is_small,
    from counted
),

complement as (
    select district_id
    from small
    where not is_small
        and participants > 0
        and (select count(*) from small where is_small) = 1
    order by participants, district_id
    limit 1
),

-- the units A is worked out on: each district, the hidden ones together
units as (
    select
        case
            when is_small or district_id in (select district_id from complement) then null
            else district_id
        end as unit,
        sum(participants) as participants,
        sum(population) as population,
    from small
    where computable
    group by unit
),

totals as (
    select
        sum(participants) filter (where computable) as located_participants,
        sum(population) filter (where computable) as total_population,
    from counted
),

rates as (
    select
        counted.*,
        case when computable then 1.0 * participants / population end as rate,
        totals.located_participants / totals.total_population as overall_rate,
        case
            when computable then population * totals.located_participants / totals.total_population
        end as expected,
    from counted
    cross join totals
),

prior as (
    select
        greatest(
            0,
            -- in one order: summed as they come, the rows of a grouping give another last
            -- bit from one run to the next
            sum(
                units.population * (1.0 * units.participants / units.population - overall.rate) ^ 2
                order by units.unit nulls first
            )
                / sum(units.population)
            - any_value(overall.rate) / (sum(units.population) / count(*))
        ) as between_variance,
    from units
    cross join (select located_participants / total_population as rate from totals) as overall
),

smoothed as (
    select
        rates.*,
        case
            when rates.computable then
                rates.overall_rate
                + coalesce(
                    prior.between_variance
                    / nullif(prior.between_variance + rates.overall_rate / rates.population, 0),
                    0
                ) * (rates.rate - rates.overall_rate)
        end as smoothed_rate,
    from rates
    cross join prior
),

final as (
    select
        smoothed.district_id,
        smoothed.name,
        smoothed.population,
        smoothed.computable,
        smoothed.participants,
        1000 * smoothed.rate as rate_per_1000,
        smoothed.expected,
        smoothed.participants / nullif(smoothed.expected, 0) as ratio,
        case
            when smoothed.computable then greatest(0, smoothed.expected - smoothed.participants)
        end as missing_participants,
        case when smoothed.expected - smoothed.participants > 0 then
            row_number() over (
                partition by smoothed.expected - smoothed.participants > 0
                order by smoothed.expected - smoothed.participants desc, smoothed.district_id
            )
        end as target_rank,
        1000 * smoothed.smoothed_rate as smoothed_rate_per_1000,
        last_meetings.last_meeting_at,
    from smoothed
    left join last_meetings using (district_id)
)

select * from final
where $district is null or district_id = $district
order by district_id
