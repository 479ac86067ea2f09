{#- Every staged actual row, checked against the data contract. A row is the
    prediction's actual (`rejection_reason` NULL) or rejected with its reason:
      missing_actual            — the actual label (classification) or value (regression) is NULL;
      actual_without_prediction — no kept prediction of the model has its id (or the id is NULL);
      superseded_actual         — a later actual of the same prediction wins: the latest
                                  `actual_observed_at` (missing times rank last), ties broken
                                  by the label, then the value, descending.
    `actual_count` is how many usable actuals (latest and superseded) the prediction got. -#}
with

actuals as (
    select * from {{ ref('stg_ml_tracing__actuals') }}
),

kept_predictions as (
    select
        model_name,
        prediction_id
    from {{ ref('int_ml_tracing__prediction_checks') }}
    where rejection_reason is null
),

matched as (
    select
        actuals.*,
        kept_predictions.prediction_id is not null as has_prediction,
        coalesce(actuals.actual_label, cast(actuals.actual_value as {{ dbt.type_string() }})) is not null as has_actual_value
    from actuals
    left join kept_predictions
        on actuals.model_name = kept_predictions.model_name
        and actuals.prediction_id = kept_predictions.prediction_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by model_name, prediction_id, has_prediction and has_actual_value
            order by actual_observed_at desc nulls last, actual_label desc nulls last, actual_value desc nulls last
        ) as recency_rank,
        sum(case when has_prediction and has_actual_value then 1 else 0 end) over (partition by model_name, prediction_id) as actual_count,
        case when prediction_id is not null then count(*) over (partition by model_name, prediction_id) end as rows_with_same_id
    from matched
),

final as (
    select
        *,
        case
            when not has_actual_value then 'missing_actual'
            when not has_prediction then 'actual_without_prediction'
            when recency_rank > 1 then 'superseded_actual'
        end as rejection_reason
    from ranked
)

select * from final
