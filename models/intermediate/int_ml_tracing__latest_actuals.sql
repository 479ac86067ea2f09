{#- One actual per prediction: the row of int_ml_tracing__actual_checks that is not
    rejected (the latest usable actual; see there for the rule and the tie-break).
    `actual_count` keeps how many usable actuals arrived, `has_conflicting_actuals`
    whether they disagree; `window_key` is the
    prediction's window. A view: the checks hold the rows. -#}
{{ config(materialized='view') -}}

with

checked_actuals as (
    select * from {{ ref('int_ml_tracing__actual_checks') }}
),

final as (
    select
        model_name,
        prediction_id,
        window_key,
        actual_label,
        actual_value,
        is_actual_positive,
        actual_observed_at,
        actual_count,
        has_conflicting_actuals,
        built_at
    from checked_actuals
    where rejection_reason is null
)

select * from final
