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
