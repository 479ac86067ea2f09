{#- A mapped column cast to the staged type, or a typed NULL when the role is not mapped. -#}
{% macro staged_value(column, type) %}
    {%- set sql_type = {'string': dbt.type_string(), 'double': mlt_type_double(), 'timestamp': dbt.type_timestamp()}[type] -%}
    {{- return('cast(' ~ (column or 'null') ~ ' as ' ~ sql_type ~ ')') -}}
{% endmacro %}
