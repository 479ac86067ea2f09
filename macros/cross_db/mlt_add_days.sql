{#- A timestamp plus a whole number of days. -#}
{% macro mlt_add_days(timestamp_expression, days) %}
    {{- return(adapter.dispatch('mlt_add_days', 'ml_tracing')(timestamp_expression, days)) -}}
{% endmacro %}

{% macro default__mlt_add_days(timestamp_expression, days) -%}
    ({{ timestamp_expression }} + interval '{{ days | int }} day')
{%- endmacro %}

{% macro spark__mlt_add_days(timestamp_expression, days) -%}
    ({{ timestamp_expression }} + interval {{ days | int }} days)
{%- endmacro %}
