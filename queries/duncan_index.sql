-- What the Duncan dissimilarity index compares: one row per district of the territory, its
-- participants of the window (home district) and its residents. dashboard/metrics.py
-- (duncan_index) works out D = 1/2 sum over districts |O_d / O - P_d / P| over the districts
-- with residents, O the participants with a home district among them: the share of
-- participants who would have to live elsewhere for participation to spread like the
-- population (0 = same spread, 1 = none in common); NULL when O or P is 0. The districts whose
-- count is hidden count there as one district: each apart, D would give their counts back.
-- Filters: participants as in reach_by_circle; the index summarises every district, so the
-- district filter does not apply.
with
counted as (
    select *
    from window_district_counts($since, $until, $platform, $channel, $campaign, $circle)
),

final as (
    select district_id, population, computable, participants,
    from counted
    order by district_id
)

select * from final
