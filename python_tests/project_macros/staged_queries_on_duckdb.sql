{#- For the throwaway test projects (not part of the package): with
    `--vars '{ml_tracing_test_staged_queries: true}'` DuckDB runs the long queries
    (the pruned slice search, the slice metrics) stage by stage, as Spark does
    (mlt_stages_queries); off by default. -#}
{% macro duckdb__mlt_stages_queries() %}
    {{- return(var('ml_tracing_test_staged_queries', false)) -}}
{% endmacro %}
