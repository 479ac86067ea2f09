{#- GROUPING SETS rollup of one monitored model's slice tuples: every combination of
    its slice columns up to `max_slice_depth` (`slice_search: exhaustive`).

    `relation` holds one row per distinct (scope, window, slice-column values) with
    summed metric components (int_ml_tracing__slice_tuples), so the rollup reads
    pre-aggregated rows, not raw predictions. Grouping sets are split into queries
    of at most `grouping_sets_per_query` sets, capped by the engine's limit
    (mlt_max_grouping_sets: PostgreSQL 4,096, Snowflake 128, Trino 2,048, Spark 32),
    joined by UNION ALL. GROUPING() is only ever called with one column (BigQuery
    allows no more; PostgreSQL fewer than 32), and GROUPING_ID is not used.
    `incremental`: read only the windows in the CTE `changed_windows` (a window's
    slices depend on its own tuples alone). -#}
{% macro slice_rollup(relation, model, components, slice_columns, incremental) %}
    {%- set columns = model.slice_columns | map(attribute='name') | list -%}
    {%- set measures = [] -%}
    {%- for component in components %}{% do measures.append([component, component]) %}{% endfor -%}
    {%- set where = "model_name = '" ~ model.name ~ "'" -%}
    {%- if incremental -%}
        {%- set where = where ~ "\n        and window_key in (\n            select changed.window_key\n"
            ~ "            from changed_windows as changed\n            where changed.model_name = '"
            ~ model.name ~ "'\n        )" -%}
    {%- endif -%}
    {%- set grouped -%}
    (
    {{ ml_tracing._slice_grouping_query(
        relation, model, ml_tracing.slice_column_sets(columns, model.max_slice_depth), measures, where=where
    ) }}
    ) as slices
    {%- endset %}
    {{ ml_tracing.keyed_slices(grouped, model, components, slice_columns) }}
{% endmacro %}
