{#- The histogram of every drift feature per window, next to the histogram of the
    window's baseline: one row per model, window, feature and bin present in either.
    NULL values form their own bin (is_null_bin), so a change of the null share is drift. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set keys = ['feature_name', 'feature_kind', 'is_null_bin', 'bin_key'] -%}

with

feature_values as (
    select
        *,
        coalesce(bin_value, '') as bin_key
    from {{ ref('int_ml_tracing__feature_values') }}
),

current_counts as (
    select
        model_name,
        window_start,
        {{ keys | join(', ') }},
        count(*) as row_count
    from feature_values
    where is_current
    group by model_name, window_start, {{ keys | join(', ') }}
),

baseline_counts as (
    select
        model_name,
        baseline_window_start,
        {{ keys | join(', ') }},
        count(*) as row_count
    from feature_values
    where is_baseline
    group by model_name, baseline_window_start, {{ keys | join(', ') }}
),

window_baselines as (
    {{ ml_tracing.baselines_for_windows(models, 'current_counts', 'baseline_counts', keys, 'row_count') }}
),

final as (
    select
        coalesce(current_counts.model_name, window_baselines.model_name) as model_name,
        coalesce(current_counts.window_start, window_baselines.window_start) as window_start,
        coalesce(current_counts.feature_name, window_baselines.feature_name) as feature_name,
        coalesce(current_counts.feature_kind, window_baselines.feature_kind) as feature_kind,
        coalesce(current_counts.is_null_bin, window_baselines.is_null_bin) as is_null_bin,
        coalesce(current_counts.bin_key, window_baselines.bin_key) as bin_key,
        coalesce(current_counts.row_count, 0) as current_count,
        coalesce(window_baselines.row_count, 0) as baseline_count
    from current_counts
    full outer join window_baselines
        on current_counts.model_name = window_baselines.model_name
        and current_counts.window_start = window_baselines.window_start
        and current_counts.feature_name = window_baselines.feature_name
        and current_counts.is_null_bin = window_baselines.is_null_bin
        and current_counts.bin_key = window_baselines.bin_key
)

select * from final
