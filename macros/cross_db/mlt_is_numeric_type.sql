{#- Whether a column's data type (as the adapter reports it) is numeric. -#}
{% macro mlt_is_numeric_type(data_type) %}
    {{- return(adapter.dispatch('mlt_is_numeric_type', 'ml_tracing')(data_type)) -}}
{% endmacro %}

{#- The numeric type names of DuckDB, PostgreSQL and Spark, and their synonyms. -#}
{% macro default__mlt_is_numeric_type(data_type) %}
    {% set base = (data_type | lower).split('(')[0] | trim %}
    {{ return(base in [
        'tinyint', 'smallint', 'integer', 'int', 'bigint', 'hugeint', 'int2', 'int4', 'int8',
        'utinyint', 'usmallint', 'uinteger', 'ubigint', 'uhugeint', 'byte', 'short', 'long',
        'decimal', 'numeric', 'number', 'real', 'float', 'float4', 'float8', 'double',
        'double precision',
    ]) }}
{% endmacro %}
