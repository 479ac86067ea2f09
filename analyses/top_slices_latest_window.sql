-- Top 10 slices dragging each model's primary metric down in its latest judged
-- window (the latest whose metric rests on at least `min_window_rows` rows: a day
-- whose labels have not arrived does not replace yesterday's table): the table a
-- dashboard opens with.
with

slice_impact as (
    select * from {{ ref('ml_tracing__slice_impact') }}
),

latest_windows as ({{ ml_tracing.latest_judged_windows('metric') }}
),

final as (
    select
        slice_impact.model_name,
        slice_impact.window_start,
        slice_impact.metric_name,
        slice_impact.impact_rank,
        slice_impact.slice_key,
        slice_impact.slice_rows,
        slice_impact.metric_value,
        slice_impact.overall_value,
        slice_impact.impact_score,
        slice_impact.baseline_value,
        slice_impact.is_absent_from_baseline
    from slice_impact
    inner join latest_windows
        on slice_impact.model_name = latest_windows.model_name
        and slice_impact.window_start = latest_windows.window_start
    where slice_impact.is_primary_metric and slice_impact.impact_rank <= 10
)

select * from final
order by model_name asc, impact_rank asc
