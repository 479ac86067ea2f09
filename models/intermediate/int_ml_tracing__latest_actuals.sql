{#- One actual per prediction id and window: the row of int_ml_tracing__actual_checks
    that is not rejected (the latest usable actual; see there for the rule and the
    tie-break). `actual_count` keeps how many usable actuals arrived,
    `has_conflicting_actuals` whether they disagree. `window_key` is the window of
    the prediction the actual serves: an id kept in two prediction streams (a
    model version and its challenger, see prediction_stream) whose predictions fall
    in two windows has a row in each, so that either window is rebuilt when the
    actual arrives. A view: the checks hold the rows. -#}
{{ config(materialized='view') -}}
{%- set stream_models = ml_tracing.stream_baseline_models() -%}
{%- set columns = ['model_name', 'prediction_id', 'actual_label', 'actual_value', 'is_actual_positive',
    'actual_observed_at', 'actual_count', 'has_conflicting_actuals', 'built_at'] -%}

with

checked_actuals as (
    select * from {{ ref('int_ml_tracing__actual_checks') }}
    where rejection_reason is null
),

{% if stream_models -%}
stream_windows as (
    -- the windows of the kept predictions of the models whose ids are unique per stream
    select distinct model_name, prediction_id, window_key
    from {{ ref('int_ml_tracing__prediction_checks') }}
    where rejection_reason is null and model_name in {{ ml_tracing.model_name_list(stream_models) }}
),

{% endif -%}
final as (
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        window_key
    from checked_actuals
    {%- if stream_models %}
    where model_name not in {{ ml_tracing.model_name_list(stream_models) }}

    union all

    select
        {%- for column in columns %}
        checked_actuals.{{ column }},
        {%- endfor %}
        stream_windows.window_key
    from checked_actuals
    inner join stream_windows
        on checked_actuals.model_name = stream_windows.model_name
        and checked_actuals.prediction_id = stream_windows.prediction_id
    {%- endif %}
)

select * from final
