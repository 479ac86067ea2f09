{#- The inference store pre-aggregated to distinct slice-value tuples: one row per
    model, scope ('current' window or 'baseline'), window and combination of slice
    values, with summed components. Rollups read this instead of raw predictions.
    Per-window baselines (model_version) keep their window; static ones use NULL.

    Incremental by window (`window_key`, see incremental_batch_rows) like the
    inference store; `actual_count` sums the actuals received, for that choice;
    `built_at` tells the rollup which windows this run rewrote; the post-hook
    removes the windows the inference store no longer holds.
    `dbt build --full-refresh` rebuilds every window. -#}
{{ config(
    post_hook="{{ ml_tracing.drop_vanished_windows(ml_tracing.slice_tuples_input_keys()) }}",
    **ml_tracing.mlt_incremental_config('window_key')
) }}
{%- set models = ml_tracing.monitored_models() -%}
{%- set slice_columns = ml_tracing.all_slice_columns(models) | map(attribute='name') | list -%}
{%- set components = ml_tracing.slice_component_names(models) -%}
{%- set window_key = ml_tracing.slice_tuple_window_key('scope', 'scope_window_start') -%}

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
        actual_count,
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
        actual_count,
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
        scope_window_start as window_start,
        {{ window_key }} as window_key
    from scoped_rows
),

{{ ml_tracing.incremental_batch_rows('keyed_rows', models, 'sum(n_rows)', 'sum(actual_count)', 'max(latest_actual_observed_at)') }},

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
        sum(actual_count) as actual_count,
        max(actual_observed_at) as latest_actual_observed_at
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
        actual_count,
        latest_actual_observed_at,
        {{ ml_tracing.built_at() }} as built_at
    from tuples
)

select * from final
