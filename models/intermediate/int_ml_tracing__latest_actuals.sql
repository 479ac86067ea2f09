{#- One actual per prediction: the latest by observation time wins; ties (and
    missing observation times, ranked last) are broken by the label, then the value,
    so the choice is deterministic. `actual_count` keeps how many arrived. -#}
with

actuals as (
    select * from {{ ref('stg_ml_tracing__actuals') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by model_name, prediction_id
            order by actual_observed_at desc nulls last, actual_label desc nulls last, actual_value desc nulls last
        ) as recency_rank,
        count(*) over (partition by model_name, prediction_id) as actual_count
    from actuals
),

final as (
    select
        model_name,
        prediction_id,
        actual_label,
        actual_value,
        is_actual_positive,
        actual_observed_at,
        actual_count
    from ranked
    where recency_rank = 1
)

select * from final
