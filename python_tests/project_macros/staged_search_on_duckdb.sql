{#- For the throwaway test projects (not part of the package): with
    `--vars '{ml_tracing_test_staged_search: true}'` DuckDB runs the pruned slice
    search step by step, as Spark does (mlt_stages_slice_search); off by default. -#}
{% macro duckdb__mlt_stages_slice_search() %}
    {{- return(var('ml_tracing_test_staged_search', false)) -}}
{% endmacro %}
