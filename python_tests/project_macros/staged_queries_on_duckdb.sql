{#- For the throwaway test projects (not part of the package): with
    `--vars '{ml_tracing_test_staged_queries: true}'` DuckDB runs the long queries
    (the pruned slice search, the slice metrics) stage by stage, as Spark does
    (mlt_stages_queries); off by default. -#}
{% macro duckdb__mlt_stages_queries() %}
    {{- return(var('ml_tracing_test_staged_queries', false)) -}}
{% endmacro %}

{#- With `ml_tracing_test_parents_per_statement`, a staged search's deeper levels
    run in statements of that many parent column sets, so that the small test
    projects split a level into several statements. -#}
{% macro duckdb__mlt_parents_per_statement() %}
    {{- return(var('ml_tracing_test_parents_per_statement', ml_tracing.default__mlt_parents_per_statement())) -}}
{% endmacro %}
