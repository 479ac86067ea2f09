{#- Per numeric drift feature and window, against the window's baseline: the
    two-sample Kolmogorov–Smirnov statistic (the largest gap between the two
    empirical CDFs, exact, on the non-NULL values) and the baseline's range with the
    window's rows outside it.

    The largest gap lies at a value of one of the two samples. A baseline of the
    window's own (rolling, model_version) is joined to the window, and both CDFs are
    read at every value of either. A baseline shared by every window (environment,
    fixed_period) is not joined to each window: it is sorted once with all the
    windows' values, which gives its CDF at each window value and just below it.
    Between two values of a window the window's CDF is flat and the baseline's
    rises, so the gap there is largest next to one of the two: the gaps at the
    window's values and just below them are the statistic's candidates. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set own_baseline_models = models | selectattr('baseline.is_per_window') | list -%}
{%- set shared_baseline_models = models | rejectattr('baseline.is_per_window') | list -%}
{%- set shared_models = ml_tracing.model_name_list(shared_baseline_models) -%}
{%- set keys = ['feature_name', 'numeric_value'] -%}
{%- set per_feature = 'partition by model_name, feature_name' -%}
{%- set per_window_feature = 'partition by model_name, window_start, feature_name' -%}

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

-- a baseline of the window's own: its values joined to the window's

own_baselines as (
    {{ ml_tracing.baselines_for_windows(own_baseline_models, 'current_values', 'baseline_values',
        keys, 'row_count') | indent(4) }}
),

own_baseline_sides as (
    select
        model_name,
        window_start,
        feature_name,
        numeric_value,
        row_count as current_count,
        0 as baseline_count
    from current_values
    where model_name not in {{ shared_models }}

    union all

    select
        model_name,
        window_start,
        feature_name,
        numeric_value,
        0 as current_count,
        row_count as baseline_count
    from own_baselines
),

own_baseline_values as (
    select
        model_name,
        window_start,
        feature_name,
        numeric_value,
        sum(current_count) as current_count,
        sum(baseline_count) as baseline_count
    from own_baseline_sides
    group by model_name, window_start, feature_name, numeric_value
),

own_baseline_points as (
    select
        model_name,
        window_start,
        feature_name,
        numeric_value,
        current_count,
        baseline_count as baseline_at_value,
        {{ ml_tracing.ks_baseline_columns(per_window_feature) | indent(8) }}
    from own_baseline_values
),

-- a baseline shared by every window: sorted once with the windows' values

shared_baseline_values as (
    select
        model_name,
        feature_name,
        numeric_value,
        sum(row_count) as row_count
    from baseline_values
    where model_name in {{ shared_models }}
    group by model_name, feature_name, numeric_value
),

shared_baseline_sides as (
    select
        model_name,
        'current' as side,
        window_start,
        feature_name,
        numeric_value,
        row_count as current_count,
        0 as baseline_count
    from current_values
    where model_name in {{ shared_models }}

    union all

    select
        model_name,
        'baseline' as side,
        null as window_start,
        feature_name,
        numeric_value,
        0 as current_count,
        row_count as baseline_count
    from shared_baseline_values
),

shared_baseline_located as (
    -- each value with the baseline's rows at it and at or below it
    select
        *,
        sum(baseline_count) over ({{ per_feature }}, numeric_value) as baseline_at_value,
        {{ ml_tracing.ks_baseline_columns(per_feature) | indent(8) }}
    from shared_baseline_sides
),

shared_windows as (
    select distinct
        model_name,
        window_start
    from current_values
    where model_name in {{ shared_models }}
),

shared_baseline_features as (
    select distinct
        model_name,
        feature_name,
        baseline_rows,
        baseline_min,
        baseline_max
    from shared_baseline_located
    where side = 'baseline'
),

shared_baseline_points as (
    select
        model_name,
        window_start,
        feature_name,
        numeric_value,
        current_count,
        baseline_at_value,
        baseline_at_or_below,
        baseline_rows,
        baseline_min,
        baseline_max
    from shared_baseline_located
    where side = 'current'

    union all

    -- a feature the baseline has and a window does not: no window values, no statistic
    select
        shared_windows.model_name,
        shared_windows.window_start,
        shared_baseline_features.feature_name,
        null as numeric_value,
        0 as current_count,
        0 as baseline_at_value,
        0 as baseline_at_or_below,
        shared_baseline_features.baseline_rows,
        shared_baseline_features.baseline_min,
        shared_baseline_features.baseline_max
    from shared_windows
    inner join shared_baseline_features
        on shared_windows.model_name = shared_baseline_features.model_name
    where not exists (
        select 1
        from current_values
        where current_values.model_name = shared_windows.model_name
            and current_values.window_start = shared_windows.window_start
            and current_values.feature_name = shared_baseline_features.feature_name
    )
),

points as (
    select * from own_baseline_points

    union all

    select * from shared_baseline_points
),

cdf_gaps as (
    -- both CDFs at each value and just below it
    select
        model_name,
        window_start,
        feature_name,
        numeric_value,
        current_count,
        baseline_min,
        baseline_max,
        abs(
            {{ ml_tracing.mlt_divide('current_at_or_below', 'current_rows') }}
            - {{ ml_tracing.mlt_divide('baseline_at_or_below', 'baseline_rows') }}
        ) as gap_at_value,
        abs(
            {{ ml_tracing.mlt_divide('current_at_or_below - current_count', 'current_rows') }}
            - {{ ml_tracing.mlt_divide('baseline_at_or_below - baseline_at_value', 'baseline_rows') }}
        ) as gap_below_value
    from (
        select
            *,
            sum(current_count) over ({{ per_window_feature }} order by numeric_value
                range between unbounded preceding and current row) as current_at_or_below,
            sum(current_count) over ({{ per_window_feature }}) as current_rows
        from points
    ) as counted
),

final as (
    select
        model_name,
        window_start,
        feature_name,
        greatest(max(gap_at_value), max(gap_below_value)) as ks_statistic,
        min(baseline_min) as baseline_min,
        max(baseline_max) as baseline_max,
        sum(current_count) as current_values,
        sum(case when numeric_value < baseline_min or numeric_value > baseline_max then current_count else 0 end) as out_of_range_values
    from cdf_gaps
    group by model_name, window_start, feature_name
)

select * from final
