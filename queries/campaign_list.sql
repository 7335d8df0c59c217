-- The campaigns of the campagnes sheet: one row per campaign, oldest first.
with
final as (
    select campaign_id, label, starts_on, ends_on, vote_on, host, space_ids,
    from campaigns
)

select * from final
order by starts_on, campaign_id
