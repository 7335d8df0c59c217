-- Time to answer: one row. Days from publication (else creation) to answer, median and 90th
-- percentile (continuous), over the proposals answered in the window (amendments and hidden
-- proposals excluded; answers dated before publication are data errors and left out).
-- Filters: since/until on the answer date, platform, channel, circle of the author, district
-- of the proposal.
with
answered as (
    select days_to_answer
    from window_answers($since, $until, $platform, $channel, $circle, $district, $campaign)
    where days_to_answer >= 0
),

final as (
    select
        count(*) as answered,
        median(days_to_answer) as median_days,
        quantile_cont(days_to_answer, 0.9) as p90_days,
        avg(days_to_answer) as mean_days,
    from answered
)

select * from final
