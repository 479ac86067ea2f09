{#- A text expression that orders bytewise (by code point) on every engine: DuckDB
    and Spark compare strings so already; PostgreSQL uses the database's collation,
    which may order 'a&b=c' before 'Zürich'. Deterministic tie-breaks and ranks use
    it, so the same row wins on every engine. -#}
{% macro mlt_bytewise(expression) %}
    {{- return(adapter.dispatch('mlt_bytewise', 'ml_tracing')(expression)) -}}
{% endmacro %}

{% macro default__mlt_bytewise(expression) -%}
    {{ expression }}
{%- endmacro %}

{% macro postgres__mlt_bytewise(expression) -%}
    {{ expression }} collate "C"
{%- endmacro %}
