{#- The most grouping sets one query may hold on this engine: a slice rollup splits
    its grouping sets into chunks of at most min(grouping_sets_per_query, this).
      PostgreSQL 4,096 (a hard limit), Snowflake 128, Trino 2,048 (documented limits);
      Spark has no hard limit, but its Expand operator copies every input row once per
      grouping set of the query, so chunks stay small there (dbt-databricks inherits
      the spark__ versions). -#}
{% macro mlt_max_grouping_sets() %}
    {{- return(adapter.dispatch('mlt_max_grouping_sets', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_max_grouping_sets() %}{{ return(4096) }}{% endmacro %}
{% macro snowflake__mlt_max_grouping_sets() %}{{ return(128) }}{% endmacro %}
{% macro trino__mlt_max_grouping_sets() %}{{ return(2048) }}{% endmacro %}
{% macro spark__mlt_max_grouping_sets() %}{{ return(32) }}{% endmacro %}
