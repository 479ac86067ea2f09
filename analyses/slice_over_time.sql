-- One slice's metric across windows next to the whole window's value and the
-- slice's baseline value: is it getting worse, and since when? The slice is
-- `--vars '{ml_tracing_slice_key: "merchant_id=scammeds.com"}'` (a slice_key of
-- the marts); without it, each model's top-ranked slice of the latest window whose
-- metric rests on at least `min_window_rows` rows.
{%- set chosen_slice_key = var('ml_tracing_slice_key', none) %}

with

slice_metrics as (
    select * from {{ ref('ml_tracing__slice_metrics') }}
    where is_primary_metric
),

chosen_slices as (
    {%- if chosen_slice_key is none %}
    select
        slice_impact.model_name,
        slice_impact.slice_key
    from {{ ref('ml_tracing__slice_impact') }} as slice_impact
    inner join ({{ ml_tracing.latest_judged_windows('metric') | indent(4) }}
    ) as latest_windows
        on slice_impact.model_name = latest_windows.model_name
        and slice_impact.window_start = latest_windows.window_start
    where slice_impact.is_primary_metric and slice_impact.impact_rank = 1
    {%- else %}
    select distinct
        model_name,
        slice_key
    from slice_metrics
    where slice_key = {{ ml_tracing.mlt_string_literal(chosen_slice_key) }}
    {%- endif %}
),

final as (
    select
        slice_metrics.model_name,
        slice_metrics.window_start,
        slice_metrics.metric_name,
        slice_metrics.slice_key,
        slice_metrics.slice_rows,
        slice_metrics.metric_value,
        slice_metrics.overall_value,
        slice_metrics.baseline_value,
        slice_metrics.impact_score
    from slice_metrics
    inner join chosen_slices
        on slice_metrics.model_name = chosen_slices.model_name
        and slice_metrics.slice_key = chosen_slices.slice_key
)

select * from final
order by model_name asc, window_start asc
