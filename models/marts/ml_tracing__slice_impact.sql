{#- The slices ranked by impact score within each model, window and metric:
    rank 1 is the slice dragging the metric down the most. -#}
with

slice_metrics as (
    select * from {{ ref('ml_tracing__slice_metrics') }}
    where slice_depth > 0 and impact_score is not null
),

final as (
    select
        model_name,
        window_start,
        metric_name,
        row_number() over (
            partition by model_name, window_start, metric_name
            order by impact_score desc, slice_depth asc, slice_key asc
        ) as impact_rank,
        slice_key,
        slice_predicate,
        slice_columns,
        slice_depth,
        slice_rows,
        volume_share,
        metric_support,
        support_share,
        metric_value,
        overall_value,
        delta,
        impact_score,
        baseline_value,
        baseline_delta,
        is_absent_from_baseline,
        performance_contribution,
        mix_contribution,
        is_primary_metric,
        metric_direction
    from slice_metrics
)

select * from final
