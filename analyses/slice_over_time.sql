-- One slice's metric across windows next to the whole window's value and the
-- slice's baseline value: is it getting worse, and since when?
with

slice_metrics as (
    select * from {{ ref('ml_tracing__slice_metrics') }}
),

final as (
    select
        model_name,
        window_start,
        metric_name,
        slice_key,
        slice_rows,
        metric_value,
        overall_value,
        baseline_value,
        impact_score
    from slice_metrics
    where slice_key = 'merchant_id=scammeds.com' and is_primary_metric
)

select * from final
order by model_name asc, window_start asc
