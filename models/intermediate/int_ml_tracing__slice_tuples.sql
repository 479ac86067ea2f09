{#- The inference store pre-aggregated to distinct slice-value tuples: one row per
    model, scope ('current' window or 'baseline'), window and combination of slice
    values, with summed components. Rollups read this instead of raw predictions.
    Per-window baselines (model_version) keep their window; static ones use NULL.

    Incremental by window (`window_key`): a run replaces the windows new to this
    table, those whose inference-store windows were rewritten after it last ran
    (`built_at`), and those summing another number of rows (a window of a shared
    baseline deleted); `built_at` tells the rollup which windows this run rewrote;
    the post-hook removes the windows the inference store no longer holds; the
    pre-hook sets the engine's planner settings for grouping (mlt_grouping_settings).
    `dbt build --full-refresh` rebuilds every window. -#}
{{ config(
    pre_hook="{{ ml_tracing.mlt_grouping_settings() }}",
    post_hook="{{ ml_tracing.drop_vanished_windows(ml_tracing.slice_tuples_input_keys()) }}",
    **ml_tracing.mlt_incremental_config('window_key')
) }}
{%- do ml_tracing.refuse_unchecked_settings() -%}
{%- set models = ml_tracing.monitored_models() -%}
{%- set slice_columns = ml_tracing.all_slice_columns(models) | map(attribute='name') | list -%}
{%- set components = ml_tracing.slice_component_names(models) -%}
{%- set window_key = ml_tracing.slice_tuple_window_key('scope', 'scope_window_start') -%}

{#- an incremental run needs a few windows of the inference store: read it again
    rather than store all of it; a full build, which reads it twice, stores it -#}
with

inferences as {{ ml_tracing.mlt_inlined_cte() if is_incremental() else '' }}(
    select * from {{ ref('ml_tracing__inferences') }}
),

scoped_rows as (
    -- a row counts once per scope it belongs to: its window, and the baseline
    select
        model_name,
        'current' as scope,
        window_start as scope_window_start,
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
        {%- for column in slice_columns + components %}
        {{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from inferences
    where is_baseline
),

{% if is_incremental() -%}
inference_windows as (
    select
        model_name,
        window_start,
        baseline_window_start,
        is_current,
        is_baseline,
        count(*) as n_rows,
        max(built_at) as built_at
    from inferences
    group by model_name, window_start, baseline_window_start, is_current, is_baseline
),

scope_windows as (
    select model_name, 'current' as scope, window_start as scope_window_start, n_rows, built_at
    from inference_windows
    where is_current
    union all
    select model_name, 'baseline' as scope, baseline_window_start as scope_window_start, n_rows, built_at
    from inference_windows
    where is_baseline
),

arrived_windows as (
    -- per window of this table: the rows it sums and when they were last rewritten
    select
        {{ window_key }} as window_key,
        sum(n_rows) as n_rows,
        max(built_at) as built_at
    from scope_windows
    group by {{ window_key }}
),

held_windows as (
    select window_key, sum(n_rows) as n_rows, max(built_at) as built_at
    from {{ this }}
    group by window_key
),

batch_windows as (
    {{ ml_tracing.changed_windows('arrived_windows', 'held_windows', [
        'arrived.built_at > held.built_at',
        'arrived.n_rows <> held.n_rows',
    ]) | indent(4) }}
),

batch_rows as (
    select *
    from scoped_rows
    where {{ window_key }} in (select batch_windows.window_key from batch_windows)
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
        {{ ml_tracing.summed_component(component) }} as {{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from batch_rows
    group by {{ (['model_name', 'scope', 'scope_window_start'] + slice_columns) | join(', ') }}
),

final as (
    select
        model_name,
        scope,
        scope_window_start as window_start,
        {{ window_key }} as window_key,
        {%- for column in slice_columns + components %}
        {{ column }},
        {%- endfor %}
        {{ ml_tracing.built_at() }} as built_at
    from tuples
)

select * from final
