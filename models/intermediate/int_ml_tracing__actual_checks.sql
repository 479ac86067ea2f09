{#- Every staged actual row, checked against the data contract. A row is the
    prediction's actual (`rejection_reason` NULL) or rejected with its reason:
      missing_actual            — the actual label (classification) or value (regression) is NULL;
      actual_without_prediction — no kept prediction of the model has its id (or the id is NULL);
      superseded_actual         — a later actual of the same prediction wins: the latest
                                  `actual_observed_at` (missing times rank last), ties broken
                                  by the label, then the value, descending.
    `actual_count` is how many usable actuals (latest and superseded) the prediction got;
    `has_conflicting_actuals`: they hold more than one label (classification) or value
    (regression) — the ground truth disagrees with itself.

    Incremental by the window of the actual's prediction (`window_key`; 'none' for
    the actuals without one; see incremental_batch_rows): a run after the first
    checks again the windows new to this table, holding another number of actual
    rows, or an actual edited in place (a checksum of the rows' id, label, value
    and time); its post-hook removes the windows the input no longer holds (when
    the table holds more rows than the input: it holds one row per staged actual).
    `dbt build --full-refresh` checks every row. -#}
{{ config(
    post_hook="{{ ml_tracing.drop_vanished_windows(ml_tracing.actual_checks_input_keys(), ref('stg_ml_tracing__actuals')) }}",
    **ml_tracing.mlt_incremental_config('window_key')
) }}
{%- do ml_tracing.refuse_unchecked_settings() -%}
{%- set per_prediction = 'over (partition by model_name, prediction_id)' -%}
{%- set usable = 'has_prediction and has_actual_value' -%}

with

matched as (
    {{ ml_tracing.actuals_with_prediction_windows() | indent(4) }}
),

{% if is_incremental() -%}
{{ ml_tracing.incremental_batch_rows('matched', ['prediction_id', 'actual_label', 'actual_value', 'actual_observed_at']) }},

{% else -%}
batch_rows as (
    select * from matched
),

{% endif -%}
ranked as (
    -- a prediction's actuals share its window: the ranks need no other window
    select
        *,
        row_number() over (
            partition by model_name, prediction_id, {{ usable }}
            order by actual_observed_at desc nulls last, {{ ml_tracing.mlt_bytewise('actual_label') }} desc nulls last, actual_value desc nulls last
        ) as recency_rank,
        cast(sum(case when {{ usable }} then 1 else 0 end) {{ per_prediction }} as bigint) as actual_count,
        coalesce(
            {%- for column in ['actual_label', 'actual_value'] %}
            {% if not loop.first %}or {% endif %}min(case when {{ usable }} then {{ column }} end) {{ per_prediction }}
            <> max(case when {{ usable }} then {{ column }} end) {{ per_prediction }}
            {%- endfor %},
            false
        ) as has_conflicting_actuals,
        case when prediction_id is not null then count(*) over (partition by model_name, prediction_id) end as rows_with_same_id
    from batch_rows
),

final as (
    select
        *,
        case
            when not has_actual_value then 'missing_actual'
            when not has_prediction then 'actual_without_prediction'
            when recency_rank > 1 then 'superseded_actual'
        end as rejection_reason,
        {{ ml_tracing.built_at() }} as built_at
    from ranked
)

select * from final
