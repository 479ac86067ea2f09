{#- Every kept prediction (int_ml_tracing__prediction_checks) with its latest actual, its window, and whether it is
    monitored (current) or part of the baseline. `baseline_window_start` is the
    window a baseline row serves: its own for a model_version baseline, NULL (all
    windows) for environment and fixed-period baselines. `stream_started_at` is the model's
    first monitored prediction (a rolling baseline learns its bins after it). -#}
{%- set models = ml_tracing.monitored_models() -%}

with

checked_predictions as (
    select * from {{ ref('int_ml_tracing__prediction_checks') }}
),

latest_actuals as (
    select * from {{ ref('int_ml_tracing__latest_actuals') }}
),

predictions as (
    select
        model_name,
        prediction_id,
        predicted_at,
        model_version,
        environment,
        predicted_label,
        predicted_score,
        predicted_value,
        is_predicted_positive
        {%- for column in ml_tracing.all_slice_columns(models, include_features=true) %},
        {{ column.name }}
        {%- endfor %}
    from checked_predictions
    where rejection_reason is null
),

joined as (
    select
        predictions.*,
        latest_actuals.actual_label,
        latest_actuals.actual_value,
        latest_actuals.is_actual_positive,
        latest_actuals.actual_observed_at,
        coalesce(latest_actuals.actual_count, 0) as actual_count,
        latest_actuals.prediction_id is not null as has_actual
    from predictions
    left join latest_actuals
        on predictions.model_name = latest_actuals.model_name
        and predictions.prediction_id = latest_actuals.prediction_id
),

scoped as (
    select
        *,
        {{ ml_tracing.model_case(models, ml_tracing.window_start_expression) }} as window_start,
        coalesce({{ ml_tracing.model_case(models, ml_tracing.current_rows_condition, 'false') }}, false) as is_current,
        coalesce({{ ml_tracing.model_case(models, ml_tracing.baseline_rows_condition, 'false') }}, false) as is_baseline
    from joined
),

final as (
    select
        *,
        case when is_baseline and model_name in {{ ml_tracing.model_name_list(models | selectattr('baseline.kind', 'equalto', 'model_version')) }} then window_start end as baseline_window_start,
        min(case when is_current then predicted_at end) over (partition by model_name) as stream_started_at
    from scoped
)

select * from final
