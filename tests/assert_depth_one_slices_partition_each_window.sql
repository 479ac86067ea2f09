{#- Invariant of the rollup: for every slice column of a model, its depth-1 slices
    (NULL included, as its own slice) partition each window, so their rows add up
    to the window's rows; a column with no depth-1 slice in a window fails too. A
    failure means rows were lost or counted twice between the inference store and
    the slice marts. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set model_columns = [] -%}
{%- for model in models -%}
    {%- for column in model.slice_columns -%}
        {%- do model_columns.append("select '" ~ model.name ~ "' as model_name, '" ~ column.name ~ "' as slice_columns") -%}
    {%- endfor -%}
{%- endfor -%}
{%- if not model_columns -%}
-- no monitored model has slice columns: nothing to check
select 1 as no_slice_columns
where 1 = 0
{%- else -%}
with

slice_rollup as (
    select * from {{ ref('int_ml_tracing__slice_rollup') }}
),

model_columns as (
    {{ model_columns | join('\n    union all\n    ') }}
),

window_rows as (
    select
        model_name,
        scope,
        window_start,
        n_rows as window_rows
    from slice_rollup
    where slice_depth = 0
),

column_rows as (
    select
        model_name,
        scope,
        window_start,
        slice_columns,
        sum(n_rows) as partition_rows
    from slice_rollup
    where slice_depth = 1
    group by model_name, scope, window_start, slice_columns
),

windows as (
    select distinct
        model_name,
        scope,
        window_start
    from slice_rollup
    where slice_depth <= 1
),

final as (
    select
        windows.model_name,
        windows.scope,
        windows.window_start,
        model_columns.slice_columns,
        column_rows.partition_rows,
        window_rows.window_rows
    from windows
    inner join model_columns
        on windows.model_name = model_columns.model_name
    left join window_rows
        on windows.model_name = window_rows.model_name
        and windows.scope = window_rows.scope
        and windows.window_start is not distinct from window_rows.window_start
    left join column_rows
        on windows.model_name = column_rows.model_name
        and windows.scope = column_rows.scope
        and windows.window_start is not distinct from column_rows.window_start
        and model_columns.slice_columns = column_rows.slice_columns
    where
        window_rows.window_rows is null
        or column_rows.partition_rows is null
        or column_rows.partition_rows != window_rows.window_rows
)

select * from final
{%- endif %}
