{#- Written between a CTE's `as` and its `(`: asks the engine to read the CTE's
    query again at each reference instead of storing its result. DuckDB stores every
    CTE referenced more than once; for a plain scan of a large table, read again
    cheaply, storing is the costlier path: at 10M tuples the slice search's tuples
    took 3.8 s to reach level 1 stored, 2.0 s inlined, and half the memory; in the
    daily run at 6M predictions (`bench.py --new-day`) the scoped predictions took
    1.5–4.4 s stored, 0.7 s inlined. Not where the stored result is small (an
    incremental search's few windows) or where storing measured faster (the slice
    tuples' full build, which reads the inference store twice: 2.0 s stored, 3.4 s
    inlined, timed on that benchmark's database).
    PostgreSQL and Spark get no hint. -#}
{% macro mlt_inlined_cte() %}
    {{- return(adapter.dispatch('mlt_inlined_cte', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_inlined_cte() %}{{ return('') }}{% endmacro %}
{% macro duckdb__mlt_inlined_cte() %}{{ return('not materialized ') }}{% endmacro %}
