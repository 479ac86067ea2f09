{#- One row per input row that did not make it into the inference store as it
    came, with the reason: prediction rows (missing id, missing timestamp,
    duplicate id) and actual rows (missing label / value, no prediction,
    superseded by a later actual). Nothing is dropped silently: every staged
    prediction row is in ml_tracing__inferences or here (the package's
    reconciliation test checks it), and so is every staged actual row. -#}
{%- set models = ml_tracing.monitored_models() -%}

with

checked_predictions as (
    select * from {{ ref('int_ml_tracing__prediction_checks') }}
    where rejection_reason is not null
),

checked_actuals as (
    select * from {{ ref('int_ml_tracing__actual_checks') }}
    where rejection_reason is not null
),

scoped as (
    select * from {{ ref('int_ml_tracing__scoped_predictions') }}
),

rejected_predictions as (
    select
        model_name,
        'prediction' as record_type,
        rejection_reason,
        prediction_id,
        predicted_at as recorded_at,
        {{ ml_tracing.model_case(models, ml_tracing.window_start_expression) }} as window_start,
        coalesce({{ ml_tracing.model_case(models, ml_tracing.current_rows_condition, 'false') }}, false) as is_current,
        rows_with_same_id,
        predicted_label,
        predicted_score,
        predicted_value,
        {{ ml_tracing.staged_value(none, 'string') }} as actual_label,
        {{ ml_tracing.staged_value(none, 'double') }} as actual_value
    from checked_predictions
),

rejected_actuals as (
    select
        checked_actuals.model_name,
        'actual' as record_type,
        checked_actuals.rejection_reason,
        checked_actuals.prediction_id,
        checked_actuals.actual_observed_at as recorded_at,
        scoped.window_start,
        coalesce(scoped.is_current, false) as is_current,
        checked_actuals.rows_with_same_id,
        {{ ml_tracing.staged_value(none, 'string') }} as predicted_label,
        {{ ml_tracing.staged_value(none, 'double') }} as predicted_score,
        {{ ml_tracing.staged_value(none, 'double') }} as predicted_value,
        checked_actuals.actual_label,
        checked_actuals.actual_value
    from checked_actuals
    left join scoped
        on checked_actuals.model_name = scoped.model_name
        and checked_actuals.prediction_id = scoped.prediction_id
),

unioned as (
    select * from rejected_predictions
    union all
    select * from rejected_actuals
),

final as (
    select
        model_name,
        record_type,
        rejection_reason,
        prediction_id,
        recorded_at,
        window_start,
        is_current,
        cast(rows_with_same_id as bigint) as rows_with_same_id,
        predicted_label,
        predicted_score,
        predicted_value,
        actual_label,
        actual_value
    from unioned
)

select * from final
