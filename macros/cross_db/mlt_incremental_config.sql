{#- Materialization of a model that is rebuilt window by window: incremental, each
    run replacing the rows of the windows it processes, identified by `key`.
      default (DuckDB, PostgreSQL)  delete+insert on `key`
      spark                         insert_overwrite of the `key` partitions (parquet) -#}
{% macro mlt_incremental_config(key) %}
    {{- return(adapter.dispatch('mlt_incremental_config', 'ml_tracing')(key)) -}}
{% endmacro %}

{% macro default__mlt_incremental_config(key) %}
    {{- return({'materialized': 'incremental', 'incremental_strategy': 'delete+insert', 'unique_key': key,
                'on_schema_change': 'fail'}) -}}
{% endmacro %}

{% macro spark__mlt_incremental_config(key) %}
    {{- return({'materialized': 'incremental', 'incremental_strategy': 'insert_overwrite', 'partition_by': [key],
                'file_format': 'parquet', 'on_schema_change': 'fail'}) -}}
{% endmacro %}

{#- Whether the slice rollup rebuilds only the changed windows (and those feeding
    their rolling baseline) or every window on each run. Spark inlines every CTE of
    a query into one plan tree, and the incremental search (its expansions read
    back from the table at each level) makes that tree too large to plan: there the
    rollup rewrites every window's partition each run. -#}
{% macro mlt_searches_window_by_window() %}
    {{- return(adapter.dispatch('mlt_searches_window_by_window', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_searches_window_by_window() %}
    {{- return(true) -}}
{% endmacro %}

{% macro spark__mlt_searches_window_by_window() %}
    {{- return(false) -}}
{% endmacro %}
