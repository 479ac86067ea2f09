-- The primary metric per window against its baseline and its rolling history:
-- a line chart with the baseline as a reference line and z-scores as markers.
with

performance as (
    select * from {{ ref('ml_tracing__performance_over_time') }}
),

final as (
    select
        model_name,
        window_start,
        metric_name,
        window_rows,
        evaluated_share,
        metric_value,
        baseline_value,
        baseline_delta,
        rolling_mean,
        rolling_stddev,
        rolling_z_score
    from performance
    where is_primary_metric
)

select * from final
order by model_name asc, window_start asc
