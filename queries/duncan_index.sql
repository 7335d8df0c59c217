-- Duncan dissimilarity index: one row. D = 1/2 sum over districts |O_d / O - P_d / P|, the
-- share of participants who would have to live elsewhere for participation to spread like
-- the population (0 = same spread, 1 = none in common). Over districts with a population,
-- O = participants with a home district among them. NULL when O or P is 0.
-- Filters: participants as in reach_by_circle; the index summarises every district, so the
-- district filter does not apply.
with
territory as (
    select district_id, population
    from districts
    where coalesce(population, 0) > 0
),

participants as (
    select home_district_id as district_id, participants
    from window_participant_counts($since, $until, $platform, $channel, $campaign)
    where home_district_id is not null
        and ($circle is null or circle = $circle)
),

observed as (
    select district_id, sum(participants)::bigint as participants
    from participants
    group by district_id
),

shares as (
    select
        territory.district_id,
        territory.population,
        coalesce(observed.participants, 0) as participants,
    from territory
    left join observed using (district_id)
),

totals as (
    select sum(participants)::bigint as participants, sum(population)::bigint as population
    from shares
),

final as (
    select
        0.5 * sum(abs(
            shares.participants / nullif(totals.participants, 0)
            - shares.population / totals.population
        )) as duncan_index,
        count(*) as districts,
        any_value(totals.participants) as participants,
        any_value(totals.population) as population,
    from shares
    cross join totals
)

select * from final
