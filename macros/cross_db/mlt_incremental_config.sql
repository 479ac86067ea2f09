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
