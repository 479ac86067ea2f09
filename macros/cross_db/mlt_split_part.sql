{#- The `part`-th (1-based) piece of `text` split on the literal `delimiter` (SQL
    string expressions; `part` a number). split_part exists on DuckDB, PostgreSQL
    and Spark ≥ 3.3; dbt's own `split_part` renders DuckDB's as a list index. -#}
{% macro mlt_split_part(text, delimiter, part) %}
    {{- return(adapter.dispatch('mlt_split_part', 'ml_tracing')(text, delimiter, part)) -}}
{% endmacro %}

{% macro default__mlt_split_part(text, delimiter, part) -%}
    split_part({{ text }}, {{ delimiter }}, {{ part }})
{%- endmacro %}
