-- Time to answer: one row. Days from publication (else creation) to answer, median and 90th
-- percentile (continuous), over the proposals answered in the window (amendments and hidden
-- proposals excluded; answers dated before publication are data errors and left out).
-- Filters: since/until on the answer date, platform, channel, circle of the author, district
-- of the proposal.
with
answered as (
    select days_to_answer
    from proposal_facts
    where is_counted
        and days_to_answer >= 0
        and ($since is null or answered_at >= cast($since as date))
        and ($until is null or answered_at < cast($until as date) + 1)
        and ($platform is null or platform = $platform)
        and ($channel is null or channel = $channel)
        and ($circle is null or circle = $circle)
        and ($district is null or district_id = $district)
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
