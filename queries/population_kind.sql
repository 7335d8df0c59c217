-- What the districts' population counts, one row: 'registered' (voters on the electoral
-- roll: polling stations) or 'residents' (also when no territory is imported).
with
districts_counted as (
    select population_kind from districts
),

final as (
    select coalesce(max(population_kind), 'residents') as population_kind
    from districts_counted
)

select * from final
