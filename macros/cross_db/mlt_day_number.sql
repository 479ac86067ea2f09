{#- Whole days from 1970-01-01 to a date: an integer to order windows by in
    RANGE frames (rolling baselines). -#}
{% macro mlt_day_number(date_expression) %}
    {{- return(adapter.dispatch('mlt_day_number', 'ml_tracing')(date_expression)) -}}
{% endmacro %}

{% macro default__mlt_day_number(date_expression) -%}
    ({{ date_expression }} - cast('1970-01-01' as date))
{%- endmacro %}

{% macro spark__mlt_day_number(date_expression) -%}
    datediff({{ date_expression }}, cast('1970-01-01' as date))
{%- endmacro %}
