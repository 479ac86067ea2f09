{#- Whole days from 1970-01-01 to a date: an integer to order windows by in
    RANGE frames (rolling baselines). dbt's datediff knows each engine's form. -#}
{% macro mlt_day_number(date_expression) %}
    {{- return(adapter.dispatch('mlt_day_number', 'ml_tracing')(date_expression)) -}}
{% endmacro %}

{% macro default__mlt_day_number(date_expression) -%}
    {{ dbt.datediff("cast('1970-01-01' as date)", date_expression, 'day') }}
{%- endmacro %}
