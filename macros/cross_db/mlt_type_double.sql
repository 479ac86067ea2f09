{#- An 8-byte floating-point type (dbt's type_float() is 4 bytes on some engines). -#}
{% macro mlt_type_double() %}
    {{- return(adapter.dispatch('mlt_type_double', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_type_double() %}{{ return('double precision') }}{% endmacro %}
{% macro duckdb__mlt_type_double() %}{{ return('double') }}{% endmacro %}
{% macro spark__mlt_type_double() %}{{ return('double') }}{% endmacro %}
