{#- Invariant of the rollup: for every slice column, its depth-1 slices (NULL
    included, as its own slice) partition the window, so their rows add up to the
    window's rows. A failure means rows were lost or counted twice between the
    inference store and the slice marts. -#}
with

slice_rollup as (
    select * from {{ ref('int_ml_tracing__slice_rollup') }}
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

final as (
    select
        column_rows.model_name,
        column_rows.scope,
        column_rows.window_start,
        column_rows.slice_columns,
        column_rows.partition_rows,
        window_rows.window_rows
    from column_rows
    left join window_rows
        on column_rows.model_name = window_rows.model_name
        and column_rows.scope = window_rows.scope
        and column_rows.window_start is not distinct from window_rows.window_start
    where window_rows.window_rows is null or column_rows.partition_rows != window_rows.window_rows
)

select * from final
