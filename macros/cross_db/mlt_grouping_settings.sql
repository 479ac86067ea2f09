{#- Settings for the two models that group the most rows, the slice tuples and the
    slice rollup, run as their pre-hook (after mlt_query_settings) inside the
    model's transaction.
      default   none
      postgres  `set local enable_sort = off`: grouping a CTE, which has no
                statistics, or millions of rows, PostgreSQL expects more groups
                than `work_mem` holds and sorts the input on disk, where hashing
                (spilling to disk if it must) is faster: the search's grouping
                queries hold a few hundred groups each. With sorting off the
                planner hashes wherever it can; the sorts it cannot avoid (window
                functions) still run. Under `explain analyze`, 1M rows × 8 columns ×
                depth 3: the rollup 37.7 s → 31.5 s, the tuples 5.8 s → 2.1 s; the
                rollup at 200k rows: 14.8 s → 7.0 s
      redshift  none (it dispatches to postgres__ otherwise) -#}
{% macro mlt_grouping_settings() %}
    {{- return(adapter.dispatch('mlt_grouping_settings', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_grouping_settings() %}
    {{- return('') -}}
{% endmacro %}

{% macro postgres__mlt_grouping_settings() %}
    {{- return('set local enable_sort = off') -}}
{% endmacro %}

{% macro redshift__mlt_grouping_settings() %}
    {{- return('') -}}
{% endmacro %}
