{#- One row per model, window and drift feature (the configured features, the
    prediction and the actual): how far the window's distribution moved from the
    baseline's. Histograms use baseline-quantile bins for numeric features and the
    values for categorical ones; NULL is a bin; empty bins are smoothed with
    epsilon = 0.0001 (shares s become (s + ε) / (1 + kε) over the k bins seen).
    A baseline value or bin has vanished when the window holds none of it although
    the baseline's share predicts at least `min_expected_rows` (by chance, under
    the baseline's distribution, with probability below e^-10). -#}
{%- set epsilon = 0.0001 -%}
{%- set min_expected_rows = 10 -%}
{%- set per_feature = 'partition by model_name, window_start, feature_name' -%}

with

bin_counts as (
    select * from {{ ref('int_ml_tracing__drift_bin_counts') }}
),

numeric_drift as (
    select * from {{ ref('int_ml_tracing__numeric_drift') }}
),

shares as (
    select
        *,
        {{ ml_tracing.mlt_divide('current_count', 'sum(current_count) over (' ~ per_feature ~ ')') }} as current_share,
        {{ ml_tracing.mlt_divide('baseline_count', 'sum(baseline_count) over (' ~ per_feature ~ ')') }} as baseline_share,
        sum(current_count) over ({{ per_feature }}) as current_rows,
        sum(baseline_count) over ({{ per_feature }}) as baseline_rows,
        count(*) over ({{ per_feature }}) as bin_count
    from bin_counts
),

smoothed as (
    select
        *,
        (current_share + {{ epsilon }}) / (1 + bin_count * {{ epsilon }}) as current_smoothed,
        (baseline_share + {{ epsilon }}) / (1 + bin_count * {{ epsilon }}) as baseline_smoothed,
        (current_share + baseline_share) / 2 as mean_share
    from shares
),

per_bin as (
    select
        *,
        (current_smoothed - baseline_smoothed) * ln(current_smoothed / baseline_smoothed) as psi_term,
        current_smoothed * ln(current_smoothed / baseline_smoothed) as kl_term,
        0.5 * case when current_share > 0 then current_share * ln(current_share / mean_share) else 0 end
        + 0.5 * case when baseline_share > 0 then baseline_share * ln(baseline_share / mean_share) else 0 end as js_term,
        {{ ml_tracing.mlt_divide(
            '(current_count - baseline_smoothed * current_rows) * (current_count - baseline_smoothed * current_rows)',
            'baseline_smoothed * current_rows') }} as chi_square_term
    from smoothed
),

per_feature as (
    select
        model_name,
        window_start,
        feature_name,
        feature_kind,
        max(current_rows) as current_rows,
        max(baseline_rows) as baseline_rows,
        count(*) as bin_count,
        sum(case when is_null_bin then current_count else 0 end) as current_null_rows,
        sum(case when is_null_bin then baseline_count else 0 end) as baseline_null_rows,
        sum(case when baseline_count = 0 and not is_null_bin then current_count else 0 end) as current_unseen_rows,
        sum(case when current_count = 0 and not is_null_bin
            and baseline_count * current_rows >= {{ min_expected_rows }} * baseline_rows
            then baseline_count else 0 end) as baseline_vanished_rows,
        sum(case when not is_null_bin and current_count > 0 then 1 else 0 end) as current_cardinality,
        sum(case when not is_null_bin and baseline_count > 0 then 1 else 0 end) as baseline_cardinality,
        sum(psi_term) as psi,
        sum(kl_term) as kl_divergence,
        sum(js_term) as js_divergence,
        sum(chi_square_term) as chi_square
    from per_bin
    group by model_name, window_start, feature_name, feature_kind
),

scored as (
    select * from per_feature
    where baseline_rows > 0 and current_rows > 0
),

final as (
    select
        per_feature.model_name,
        per_feature.window_start,
        per_feature.feature_name,
        per_feature.feature_kind,
        cast(per_feature.current_rows as bigint) as current_rows,
        cast(per_feature.baseline_rows as bigint) as baseline_rows,
        cast(per_feature.bin_count as bigint) as bin_count,
        {{ ml_tracing.mlt_divide('per_feature.current_null_rows', 'per_feature.current_rows') }} as current_null_share,
        {{ ml_tracing.mlt_divide('per_feature.baseline_null_rows', 'per_feature.baseline_rows') }} as baseline_null_share,
        -- without baseline rows every value would be unseen (or out of range): no share
        case when per_feature.baseline_rows > 0 then
            {{- ' ' ~ ml_tracing.mlt_divide('per_feature.current_unseen_rows', 'per_feature.current_rows') }}
        end as unseen_share,
        {{ ml_tracing.mlt_divide('per_feature.baseline_vanished_rows', 'per_feature.baseline_rows') }} as vanished_share,
        -- nor without a baseline value (rows that are all NULL): the range is undefined
        case when numeric_drift.baseline_min is not null then
            {{- ' ' ~ ml_tracing.mlt_divide('numeric_drift.out_of_range_values', 'numeric_drift.current_values') }}
        end as out_of_range_share,
        numeric_drift.baseline_min,
        numeric_drift.baseline_max,
        -- distinct values (categorical) or occupied bins (numeric), NULL not counted
        cast(per_feature.current_cardinality as bigint) as current_cardinality,
        cast(per_feature.baseline_cardinality as bigint) as baseline_cardinality,
        scored.psi,
        scored.kl_divergence,
        -- greatest() skips NULLs on every engine: a window without rows keeps a NULL distance
        case when scored.js_divergence is not null then sqrt(greatest(scored.js_divergence, 0)) end as js_distance,
        scored.chi_square,
        {{ ml_tracing.chi_square_p_value('scored.chi_square', '(scored.bin_count - 1)') }} as chi_square_p_value,
        numeric_drift.ks_statistic
    from per_feature
    left join scored
        on per_feature.model_name = scored.model_name
        and per_feature.window_start = scored.window_start
        and per_feature.feature_name = scored.feature_name
    left join numeric_drift
        on per_feature.model_name = numeric_drift.model_name
        and per_feature.window_start = numeric_drift.window_start
        and per_feature.feature_name = numeric_drift.feature_name
)

select * from final
