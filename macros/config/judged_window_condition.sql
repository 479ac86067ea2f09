{#- The windows ml_tracing judges, as a condition on ml_tracing__performance_over_time:
    the primary metric's row of each window with at least `min_window_rows`
    predictions (smaller windows are `too_few_rows` in the alerts). The gates and
    the analyses that open on "the latest window" share it. -#}
{% macro judged_window_condition() %}
    {{- return('is_primary_metric and window_rows >= ' ~ ml_tracing.model_case(ml_tracing.monitored_models(), 'min_window_rows', empty_type=dbt.type_int())) -}}
{% endmacro %}

{#- Each model's latest judged window (model_name, window_start), as a query. -#}
{% macro latest_judged_windows() %}
    select
        model_name,
        max(window_start) as window_start
    from {{ ref('ml_tracing__performance_over_time') }}
    where {{ ml_tracing.judged_window_condition() }}
    group by model_name
{%- endmacro %}
