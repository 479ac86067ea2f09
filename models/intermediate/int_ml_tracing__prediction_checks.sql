{#- Every staged prediction row, checked against the data contract. A row is kept
    (`rejection_reason` NULL) or rejected with its reason:
      missing_prediction_id   — the id is NULL: it can be neither deduplicated nor joined to an actual;
      missing_predicted_at    — the timestamp is NULL: the row belongs to no window;
      duplicate_prediction_id — another row of the model has the same id and wins: the latest
                                `predicted_at`, ties broken by the largest prediction (label as
                                text, score, value), then model version, environment and the
                                slice and feature values, so the choice is deterministic.
    Kept rows feed the inference store; rejected ones ml_tracing__rejections. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set tie_breakers = ['predicted_label', 'predicted_score', 'predicted_value', 'model_version', 'environment'] -%}
{%- for column in ml_tracing.all_slice_columns(models, include_features=true) -%}
    {%- do tie_breakers.append(column.name) -%}
{%- endfor -%}

with

predictions as (
    select * from {{ ref('stg_ml_tracing__predictions') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by model_name, prediction_id
            order by
                predicted_at desc nulls last
                {%- for column in tie_breakers %},
                {{ column }} desc nulls last
                {%- endfor %}
        ) as id_rank,
        case when prediction_id is not null then count(predicted_at) over (partition by model_name, prediction_id) end as rows_with_same_id
    from predictions
),

final as (
    select
        *,
        case
            when prediction_id is null then 'missing_prediction_id'
            when predicted_at is null then 'missing_predicted_at'
            when id_rank > 1 then 'duplicate_prediction_id'
        end as rejection_reason
    from ranked
)

select * from final
