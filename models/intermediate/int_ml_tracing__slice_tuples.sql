{#- The inference store pre-aggregated to distinct slice-value tuples: one row per
    model, scope ('current' window or 'baseline'), window and combination of slice
    values, with summed components. Rollups read this instead of raw predictions.
    Per-window baselines (model_version) keep their window; static ones use NULL.

    Incremental by window (`window_key`): a run after the first processes only the
    windows the table does not hold yet, and the windows that start at most
    `incremental_lookback_days` before the model's latest window (and static
    baselines) in which an actual was observed after the latest actual the table
    has seen (late actuals); their rows are replaced. `dbt build --full-refresh`
    rebuilds every window. -#}
{{ config(**ml_tracing.mlt_incremental_config('window_key')) }}
{%- set models = ml_tracing.monitored_models() -%}
{%- set slice_columns = ml_tracing.all_slice_columns(models) | map(attribute='name') | list -%}
{%- set components = ml_tracing.slice_component_names(models) -%}

with

inferences as (
    select * from {{ ref('ml_tracing__inferences') }}
),

scoped_rows as (
    -- a row counts once per scope it belongs to: its window, and the baseline
    select
        model_name,
        'current' as scope,
        window_start as scope_window_start,
        actual_observed_at,
        {%- for column in slice_columns + components %}
        {{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from inferences
    where is_current

    union all

    select
        model_name,
        'baseline' as scope,
        baseline_window_start as scope_window_start,
        actual_observed_at,
        {%- for column in slice_columns + components %}
        {{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from inferences
    where is_baseline
),

{% if is_incremental() -%}
keyed_rows as (
    select
        *,
        model_name || '|' || scope || '|' || coalesce(cast(scope_window_start as {{ dbt.type_string() }}), 'all') as window_key
    from scoped_rows
),

held_windows as (
    select distinct window_key
    from {{ this }}
),

held_models as (
    -- per model: its latest window and the latest actual the table has seen
    select
        model_name,
        max(window_start) as latest_window_start,
        max(latest_actual_observed_at) as actuals_observed_until
    from {{ this }}
    group by model_name
),

lookbacks as (
    select
        *,
        {{ ml_tracing.model_case(models, ml_tracing._lookback_start) }} as lookback_start
    from held_models
),

batch_windows as (
    -- new windows, and recent windows with an actual observed since the last run
    select distinct keyed_rows.window_key
    from keyed_rows
    left join held_windows
        on keyed_rows.window_key = held_windows.window_key
    left join lookbacks
        on keyed_rows.model_name = lookbacks.model_name
    where
        held_windows.window_key is null
        or (
            (
                keyed_rows.scope_window_start is null
                or keyed_rows.scope_window_start >= lookbacks.lookback_start
            )
            and (
                lookbacks.actuals_observed_until is null
                or keyed_rows.actual_observed_at > lookbacks.actuals_observed_until
            )
        )
),

batch_rows as (
    select keyed_rows.*
    from keyed_rows
    inner join batch_windows
        on keyed_rows.window_key = batch_windows.window_key
),

{% else -%}
batch_rows as (
    select * from scoped_rows
),

{% endif -%}
tuples as (
    select
        model_name,
        scope,
        scope_window_start,
        {%- for column in slice_columns %}
        {{ column }},
        {%- endfor %}
        {%- for component in components %}
        sum({{ component }}) as {{ component }},
        {%- endfor %}
        max(actual_observed_at) as latest_actual_observed_at
    from batch_rows
    group by {{ (['model_name', 'scope', 'scope_window_start'] + slice_columns) | join(', ') }}
),

final as (
    select
        model_name,
        scope,
        scope_window_start as window_start,
        model_name || '|' || scope || '|' || coalesce(cast(scope_window_start as {{ dbt.type_string() }}), 'all') as window_key,
        {%- for column in slice_columns + components %}
        {{ column }},
        {%- endfor %}
        latest_actual_observed_at
    from tuples
)

select * from final
