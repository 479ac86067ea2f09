{#- The windows ml_tracing judges, as a condition on the primary metric's rows of
    ml_tracing__performance_over_time. `judged_by` 'rows': windows with at least
    `min_window_rows` predictions (the drift and quality alerts judge those);
    'metric': windows whose primary metric rests on that many rows (window_status
    'ok': the slice alerts judge those — a day whose labels have not arrived has no
    slice worth showing). Gates and analyses that open on "the latest window" share it. -#}
{% macro judged_window_condition(judged_by='rows') %}
    {%- if judged_by == 'metric' -%}
        {{- return("is_primary_metric and window_status = 'ok'") -}}
    {%- endif -%}
    {{- return('is_primary_metric and window_rows >= ' ~ ml_tracing.model_case(ml_tracing.monitored_models(), 'min_window_rows', empty_type=dbt.type_int())) -}}
{% endmacro %}

{#- Each model's latest judged window (model_name, window_start), as a query. -#}
{% macro latest_judged_windows(judged_by='rows') %}
    select
        model_name,
        max(window_start) as window_start
    from {{ ref('ml_tracing__performance_over_time') }}
    where {{ ml_tracing.judged_window_condition(judged_by) }}
    group by model_name
{%- endmacro %}
