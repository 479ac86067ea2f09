{#- Whether the slice rollup runs each pruned search as one statement per step, each
    step's result stored in a table, instead of one query of CTEs (see
    staged_slice_search).
      default  no: the engine plans the CTEs once each
      spark    yes: Spark copies a CTE into the plan at every reference, so each
               level of the search is planned and computed again wherever a later
               level reads it (a temporary view or CACHE TABLE keeps that plan too).
               On the incremental test's data (5,129 predictions, three pruned
               searches to depth 3), the rollup took 227 s in a `dbt build` as one
               query and 90 s as 72 steps -#}
{% macro mlt_stages_slice_search() %}
    {{- return(adapter.dispatch('mlt_stages_slice_search', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_stages_slice_search() %}{{ return(false) }}{% endmacro %}
{% macro spark__mlt_stages_slice_search() %}{{ return(true) }}{% endmacro %}

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
