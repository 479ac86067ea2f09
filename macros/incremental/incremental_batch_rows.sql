{#- The CTEs of an incremental run that pick, from the CTE `rows` (with a
    `window_key` and the `checksum_columns`, which {{ this }} stores too), every row
    of the windows that
      - {{ this }} does not hold yet (new windows);
      - {{ this }} holds with another number of rows, at any age (rows loaded late
        or deleted, a duplicate id that now wins in another window);
      - hold, at any age, a row whose `checksum_columns` changed: a row edited in
        place (a label corrected, a time restated), which leaves the count as it was.
    The last CTE is `batch_rows`. -#}
{% macro incremental_batch_rows(rows, checksum_columns) %}
held_windows as (
    select
        window_key,
        count(*) as held_rows,
        sum({{ ml_tracing.mlt_row_checksum(checksum_columns) }}) as held_checksum
    from {{ this }}
    group by window_key
),

arrived_windows as (
    select
        window_key,
        count(*) as arrived_rows,
        sum({{ ml_tracing.mlt_row_checksum(checksum_columns) }}) as arrived_checksum
    from {{ rows }}
    group by window_key
),

batch_windows as (
    {{ ml_tracing.changed_windows('arrived_windows', 'held_windows', [
        'held.held_rows <> arrived.arrived_rows',
        'held.held_checksum <> arrived.arrived_checksum',
    ]) | indent(4) }}
),

batch_rows as (
    select {{ rows }}.*
    from {{ rows }}
    inner join batch_windows
        on {{ rows }}.window_key = batch_windows.window_key
)
{%- endmacro %}
