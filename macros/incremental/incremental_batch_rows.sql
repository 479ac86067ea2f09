{#- The CTEs of an incremental run that pick, from the CTE `rows` (columns
    model_name, window_key, window_start, actual_count, actual_observed_at), every
    row of the windows that
      - {{ this }} does not hold yet (new windows);
      - {{ this }} holds with another number of rows or of actuals received, at any
        age (predictions or actuals loaded late, a duplicate id that now wins in
        another window, a corrected label);
      - start at most `incremental_lookback_days` before the model's latest window
        and hold an actual observed after the latest actual {{ this }} has seen (a
        restated actual that leaves the counts as they were).
    `held_rows`, `held_actuals` and `held_observed_at` are the expressions over
    {{ this }} for a window's rows, its actuals received and its latest actual;
    `arrived_actuals` the expression over `rows` for a window's actuals received.
    The last CTE is `batch_rows`. -#}
{% macro incremental_batch_rows(rows, models, held_rows, held_actuals, held_observed_at, arrived_actuals=none) %}
held_windows as (
    select
        window_key,
        {{ held_rows }} as held_rows,
        {{ held_actuals }} as held_actuals
    from {{ this }}
    group by window_key
),

held_models as (
    -- per model: its latest window and the latest actual the table has seen
    select
        model_name,
        max(window_start) as latest_window_start,
        {{ held_observed_at }} as actuals_observed_until
    from {{ this }}
    group by model_name
),

lookbacks as (
    select
        *,
        {{ ml_tracing.model_case(models, ml_tracing._lookback_start) }} as lookback_start
    from held_models
),

arrived_windows as (
    -- per window of the input: its rows, its actuals received, and whether it holds a recent late actual
    select
        {{ rows }}.window_key,
        count(*) as arrived_rows,
        {{ arrived_actuals or 'sum(' ~ rows ~ '.actual_count)' }} as arrived_actuals,
        max(case
            when {{ rows }}.window_start >= lookbacks.lookback_start
                and {{ rows }}.actual_observed_at > lookbacks.actuals_observed_until
                then 1 else 0
        end) as has_late_actual
    from {{ rows }}
    left join lookbacks
        on {{ rows }}.model_name = lookbacks.model_name
    group by {{ rows }}.window_key
),

batch_windows as (
    {{ ml_tracing.changed_windows('arrived_windows', 'held_windows', [
        'held.held_rows <> arrived.arrived_rows',
        'held.held_actuals <> arrived.arrived_actuals',
        'arrived.has_late_actual = 1',
    ]) | indent(4) }}
),

batch_rows as (
    select {{ rows }}.*
    from {{ rows }}
    inner join batch_windows
        on {{ rows }}.window_key = batch_windows.window_key
)
{%- endmacro %}
