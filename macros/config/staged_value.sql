{#- A mapped column cast to the staged type, or a typed NULL when the role is not mapped.
    Timestamps become UTC: pass the column's `data_type` so a zoned one is converted. -#}
{% macro staged_value(column, type, data_type=none) %}
    {%- if type == 'timestamp' and column -%}
        {{- return(mlt_utc_timestamp(column, data_type)) -}}
    {%- endif -%}
    {%- set sql_type = {'string': dbt.type_string(), 'double': mlt_type_double(), 'timestamp': dbt.type_timestamp()}[type] -%}
    {{- return('cast(' ~ (column or 'null') ~ ' as ' ~ sql_type ~ ')') -}}
{% endmacro %}
