{#- GROUPING SETS rollup of one monitored model's slice tuples.

    `relation` holds one row per distinct (scope, window, slice-column values) with
    summed metric components (int_ml_tracing__slice_tuples), so the rollup reads
    pre-aggregated rows, not raw predictions. Grouping sets are split into queries
    of at most `grouping_sets_per_query` sets, capped by the engine's limit
    (mlt_max_grouping_sets: PostgreSQL 4,096, Snowflake 128, Trino 2,048, Spark 32),
    joined by UNION ALL: memory stays bounded and engine caps are respected.
    GROUPING() is only ever called with one column (BigQuery allows no more;
    PostgreSQL fewer than 32), and GROUPING_ID is not used. -#}
{% macro slice_rollup(relation, model, components) %}
    {%- set columns = model.slice_columns | map(attribute='name') | list -%}
    {%- set sets = slice_column_sets(columns, model.max_slice_depth) -%}
    {%- set chunk_size = [model.grouping_sets_per_query, ml_tracing.mlt_max_grouping_sets()] | min -%}
    {%- for chunk_start in range(0, sets | length, chunk_size) %}
    {#- GROUPING() may only name columns grouped somewhere in its own query -#}
    {%- set chunk = sets[chunk_start:chunk_start + chunk_size] -%}
    {%- set chunk_columns = columns | select('in', chunk | sum(start=[])) | list -%}
    {%- if not loop.first %}

    union all

    {% endif -%}
    select
        '{{ model.name }}' as model_name,
        scope,
        window_start,
        {{ slice_key(chunk_columns) }} as slice_key,
        {{ slice_predicate(chunk_columns) }} as slice_predicate,
        {{ slice_columns_list(chunk_columns) }} as slice_columns,
        {{ slice_depth(chunk_columns) }} as slice_depth,
        {%- for component in components %}
        sum({{ component }}) as {{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ relation }}
    where model_name = '{{ model.name }}'
    group by grouping sets (
        {%- for grouping_set in chunk %}
        ({{ (['scope', 'window_start'] + grouping_set) | join(', ') }}){% if not loop.last %},{% endif %}
        {%- endfor %}
    )
    {%- endfor %}
{% endmacro %}
