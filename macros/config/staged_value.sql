{#- A mapped column cast to the staged type, or a typed NULL when the role is not mapped.
    Timestamps become UTC: pass the column's `data_type` so a zoned one is converted.
    A NaN number becomes NULL. -#}
{% macro staged_value(column, type, data_type=none) %}
    {%- if type == 'timestamp' and column -%}
        {{- return(ml_tracing.mlt_utc_timestamp(column, data_type)) -}}
    {%- endif -%}
    {%- set sql_type = {'string': dbt.type_string(), 'double': ml_tracing.mlt_type_double(), 'timestamp': dbt.type_timestamp()}[type] -%}
    {%- set value = 'cast(' ~ (column or 'null') ~ ' as ' ~ sql_type ~ ')' -%}
    {%- if type == 'double' and column -%}
        {#- NaN (pandas' missing number) is missing: as a number it sorts above +inf, into the top bin -#}
        {{- return('nullif(' ~ value ~ ", cast('NaN' as " ~ sql_type ~ '))') -}}
    {%- endif -%}
    {{- return(value) -}}
{% endmacro %}

{#- A mapped column of the user's relation (`source_columns`: relation_columns), read
    under its name as stored, quoted, so that a name in mixed case (a quoted or
    pandas-made column on PostgreSQL) or with spaces reads right on every engine;
    cast as staged_value (a zoned timestamp converted by its stored type). Unmapped
    (`column` none): a typed NULL. -#}
{% macro staged_source_value(source_columns, column, type) %}
    {%- set stored = source_columns.get((column or '') | lower) -%}
    {%- set read = adapter.quote(stored.name) if stored else column -%}
    {{- return(ml_tracing.staged_value(read, type, stored.type if stored else none)) -}}
{% endmacro %}
