{#- Whether the package's long queries run one statement per stage, each stage's
    result stored in a table, instead of one query of CTEs (query_steps): the
    slice rollup's pruned searches (staged_slice_search) and the slice metrics'
    statistics.
      default  no: the engine plans the CTEs once each
      spark    yes: Spark copies a CTE into the plan at every reference, so each
               level of the search is planned and computed again wherever a later
               level reads it (a temporary view or CACHE TABLE keeps that plan too).
               On the incremental test's data (5,129 predictions, three pruned
               searches to depth 3), the rollup took 227 s in a `dbt build` as one
               query and 90 s as 72 steps -#}
{% macro mlt_stages_queries() %}
    {{- return(adapter.dispatch('mlt_stages_queries', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_stages_queries() %}{{ return(false) }}{% endmacro %}
{% macro spark__mlt_stages_queries() %}{{ return(true) }}{% endmacro %}

{#- Whether a monitored model's pruned slice search runs one statement per step
    (staged_slice_search), given how many grouping sets its columns and depth make.
      default  where the engine stages long queries (mlt_stages_queries)
      duckdb   also from 1,000 sets (19 columns to depth 3): DuckDB takes minutes to
               plan the one query of a wide search. At 30 columns to depth 3 (4,525
               sets) the benchmark's slice build took 35.0 s instead of 96.7 s at
               20k rows, 81.0 s instead of 144.3 s at 1M rows; at 20 columns (1,350
               sets) 167.5 s instead of 284.5 s at 10M rows; at 8 columns (92 sets)
               23.0 s either way at 10M rows. -#}
{% macro mlt_stages_slice_search(grouping_sets) %}
    {{- return(adapter.dispatch('mlt_stages_slice_search', 'ml_tracing')(grouping_sets)) -}}
{% endmacro %}

{% macro default__mlt_stages_slice_search(grouping_sets) %}{{ return(ml_tracing.mlt_stages_queries()) }}{% endmacro %}
{% macro duckdb__mlt_stages_slice_search(grouping_sets) %}
    {{- return(ml_tracing.mlt_stages_queries() or grouping_sets >= 1000) -}}
{% endmacro %}

{#- A staged search's levels of depth 3 and more run in statements of at most this
    many parent column sets each: one statement over hundreds of them is slow to plan. -#}
{% macro mlt_parents_per_statement() %}
    {{- return(adapter.dispatch('mlt_parents_per_statement', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_parents_per_statement() %}{{ return(16) }}{% endmacro %}

{#- CREATE TABLE … AS for a staged step's table (spark: parquet, as the rollup). -#}
{% macro mlt_create_table_as(relation, sql) %}
    {{- return(adapter.dispatch('mlt_create_table_as', 'ml_tracing')(relation, sql)) -}}
{% endmacro %}

{% macro default__mlt_create_table_as(relation, sql) %}
    {{- return('create table ' ~ relation ~ ' as\n' ~ sql) -}}
{% endmacro %}

{% macro spark__mlt_create_table_as(relation, sql) %}
    {{- return('create table ' ~ relation ~ ' using parquet as\n' ~ sql) -}}
{% endmacro %}
