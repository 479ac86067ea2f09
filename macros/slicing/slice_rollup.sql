{#- GROUPING SETS rollup of one monitored model's slice tuples.

    `relation` holds one row per distinct (scope, window, slice-column values) with
    summed metric components (int_ml_tracing__slice_tuples), so the rollup reads
    pre-aggregated rows, not raw predictions. Grouping sets are split into queries
    of at most `sets_per_query` sets joined by UNION ALL: memory stays bounded and
    engine caps (PostgreSQL 4,096 sets, Snowflake 128) are respected. -#}
{% macro slice_rollup(relation, model, components) %}
    {%- set columns = model.slice_columns | map(attribute='name') | list -%}
    {%- set sets = slice_column_sets(columns, model.max_slice_depth) -%}
    {%- set chunk_size = model.grouping_sets_per_query -%}
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
