{#- Written between a CTE's name and `as (`: asks the engine to read the CTE's query
    again at each reference instead of storing its result. For a plain filtered scan
    read several times, storing is the costlier path on DuckDB, which stores every
    CTE referenced more than once (at 10M tuples, a full copy: the slice search's
    tuples took 3.8 s to reach level 1 stored, 2.0 s inlined, and half the memory).
    Not for a filtered read of a large table (an incremental search's few windows):
    storing its small result is cheaper than filtering again. PostgreSQL and Spark
    decide by themselves (no hint). -#}
{% macro mlt_inlined_cte() %}
    {{- return(adapter.dispatch('mlt_inlined_cte', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_inlined_cte() %}{{ return('') }}{% endmacro %}
{% macro duckdb__mlt_inlined_cte() %}{{ return('not materialized ') }}{% endmacro %}
