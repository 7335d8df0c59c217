-- Transcription lag: one row. For in-person proposals made in a dated meeting, the days from
-- the meeting to the proposal's publication (when it was typed in); `without_date` counts
-- in-person proposals whose meeting or publication date is missing.
-- Filters: since/until on the making date, platform, circle of the author, district of the
-- proposal; the channel filter keeps everything for in_person and nothing for online.
with
in_person as (
    select transcription_lag_days
    from window_proposals($since, $until, $platform, $channel, $circle, $district, $campaign)
    where channel = 'in_person'
),

final as (
    select
        count(transcription_lag_days) as proposals,
        count(*) - count(transcription_lag_days) as without_date,
        median(transcription_lag_days)::double as median_days,
        quantile_cont(transcription_lag_days, 0.9) as p90_days,
        max(transcription_lag_days) as max_days,
    from in_person
)

select * from final
