{#- The CTEs of an incremental run that pick, from the CTE `rows` (columns
    window_key, actual_count and `checksum_columns`), every row of the windows that
      - {{ this }} does not hold yet (new windows);
      - {{ this }} holds with another number of rows or of actuals received, at any
        age (predictions or actuals loaded late, a duplicate id that now wins in
        another window, a corrected label);
      - hold, at any age, a row whose `checksum_columns` (columns of both `rows`
        and {{ this }}) changed: an actual edited in place, its label or value
        corrected or its time restated, which leaves the counts as they were.
    `held_rows` and `held_actuals` are the expressions over {{ this }} for a
    window's rows and its actuals received; `arrived_actuals` the expression over
    `rows` for a window's actuals received. The last CTE is `batch_rows`. -#}
{% macro incremental_batch_rows(rows, held_rows, held_actuals, checksum_columns, arrived_actuals=none) %}
held_windows as (
    select
        window_key,
        {{ held_rows }} as held_rows,
        {{ held_actuals }} as held_actuals,
        sum({{ ml_tracing.mlt_row_checksum(checksum_columns) }}) as held_checksum
    from {{ this }}
    group by window_key
),

arrived_windows as (
    -- per window of the input: its rows, its actuals received and their checksum
    {%- set qualified = [] %}{% for column in checksum_columns %}{% do qualified.append(rows ~ '.' ~ column) %}{% endfor %}
    select
        {{ rows }}.window_key,
        count(*) as arrived_rows,
        {{ arrived_actuals or 'sum(' ~ rows ~ '.actual_count)' }} as arrived_actuals,
        sum({{ ml_tracing.mlt_row_checksum(qualified) }}) as arrived_checksum
    from {{ rows }}
    group by {{ rows }}.window_key
),

batch_windows as (
    {{ ml_tracing.changed_windows('arrived_windows', 'held_windows', [
        'held.held_rows <> arrived.arrived_rows',
        'held.held_actuals <> arrived.arrived_actuals',
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
