{#- Reconciliation: every staged prediction row is in the inference store or in
    ml_tracing__rejections with its reason, and every staged actual row is the
    latest actual of a stored prediction or a rejection. Returns one row per model
    and record type whose counts do not add up. -#}
with

staged_predictions as (
    select * from {{ ref('stg_ml_tracing__predictions') }}
),

staged_actuals as (
    select * from {{ ref('stg_ml_tracing__actuals') }}
),

inferences as (
    select * from {{ ref('ml_tracing__inferences') }}
),

rejections as (
    select * from {{ ref('ml_tracing__rejections') }}
),

stored_actuals as (
    -- an actual serves every prediction with its id (one per model version in a shadow deployment)
    select distinct model_name, prediction_id
    from inferences
    where has_actual
),

counted_rows as (
    select model_name, 'prediction' as record_type, 1 as is_input, 0 as is_stored, 0 as is_rejected
    from staged_predictions
    union all
    select model_name, 'actual' as record_type, 1 as is_input, 0 as is_stored, 0 as is_rejected
    from staged_actuals
    union all
    select model_name, 'prediction' as record_type, 0 as is_input, 1 as is_stored, 0 as is_rejected
    from inferences
    union all
    select model_name, 'actual' as record_type, 0 as is_input, 1 as is_stored, 0 as is_rejected
    from stored_actuals
    union all
    select model_name, record_type, 0 as is_input, 0 as is_stored, 1 as is_rejected
    from rejections
),

totals as (
    select
        model_name,
        record_type,
        sum(is_input) as input_rows,
        sum(is_stored) as stored_rows,
        sum(is_rejected) as rejected_rows
    from counted_rows
    group by model_name, record_type
),

final as (
    select * from totals
    where input_rows <> stored_rows + rejected_rows
)

select * from final
