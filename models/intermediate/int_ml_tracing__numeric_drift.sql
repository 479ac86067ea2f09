{#- Per numeric drift feature and window, against the window's baseline: the
    two-sample Kolmogorov–Smirnov statistic (the largest gap between the two
    empirical CDFs, exact, on the non-NULL values) and the baseline's range with the
    window's rows outside it. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set keys = ['feature_name', 'numeric_value'] -%}
{%- set per_feature = 'partition by model_name, window_start, feature_name' -%}

with

numeric_values as (
    select * from {{ ref('int_ml_tracing__feature_values') }}
    where feature_kind = 'numeric' and numeric_value is not null
),

current_values as (
    select
        model_name,
        window_start,
        feature_name,
        numeric_value,
        count(*) as row_count
    from numeric_values
    where is_current
    group by model_name, window_start, feature_name, numeric_value
),

baseline_values as (
    select
        model_name,
        baseline_window_start,
        feature_name,
        numeric_value,
        count(*) as row_count
    from numeric_values
    where is_baseline
    group by model_name, baseline_window_start, feature_name, numeric_value
),

window_baselines as (
    {{ ml_tracing.baselines_for_windows(models, 'current_values', 'baseline_values', keys, 'row_count') }}
),

both_sides as (
    select
        model_name,
        window_start,
        feature_name,
        numeric_value,
        row_count as current_count,
        0 as baseline_count
    from current_values

    union all

    select
        model_name,
        window_start,
        feature_name,
        numeric_value,
        0 as current_count,
        row_count as baseline_count
    from window_baselines
),

per_value as (
    select
        model_name,
        window_start,
        feature_name,
        numeric_value,
        sum(current_count) as current_count,
        sum(baseline_count) as baseline_count
    from both_sides
    group by model_name, window_start, feature_name, numeric_value
),

cumulative as (
    select
        model_name,
        window_start,
        feature_name,
        numeric_value,
        current_count,
        min(case when baseline_count > 0 then numeric_value end) over ({{ per_feature }}) as baseline_min,
        max(case when baseline_count > 0 then numeric_value end) over ({{ per_feature }}) as baseline_max,
        {{ ml_tracing.mlt_divide(
            'sum(current_count) over (' ~ per_feature ~ ' order by numeric_value rows between unbounded preceding and current row)',
            'sum(current_count) over (' ~ per_feature ~ ')') }} as current_cdf,
        {{ ml_tracing.mlt_divide(
            'sum(baseline_count) over (' ~ per_feature ~ ' order by numeric_value rows between unbounded preceding and current row)',
            'sum(baseline_count) over (' ~ per_feature ~ ')') }} as baseline_cdf
    from per_value
),

final as (
    select
        model_name,
        window_start,
        feature_name,
        max(abs(current_cdf - baseline_cdf)) as ks_statistic,
        min(baseline_min) as baseline_min,
        max(baseline_max) as baseline_max,
        sum(current_count) as current_values,
        sum(case when numeric_value < baseline_min or numeric_value > baseline_max then current_count else 0 end) as out_of_range_values
    from cumulative
    group by model_name, window_start, feature_name
)

select * from final
