{#- One row per breached threshold: model, window, kind (drift / quality /
    performance / slice), check, subject (feature, metric or slice), the metric
    judged (performance and slice checks), the observed value, the threshold it
    crossed, the baseline value and the severity (`error` when the error level is
    crossed, else `warn`) and a one-line message. Thresholds: the `thresholds` and
    `feature_thresholds` settings over the package defaults (README, Thresholds).
    A breach in a window with fewer than `min_window_rows` rows (predictions for
    drift and quality checks, rows the primary metric rests on for performance and
    slice checks; and for `metric_drop`, rows the baseline value rests on) has
    status `too_few_rows` and no severity: it is reported, not alerted on. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set double = ml_tracing.mlt_type_double() -%}
{%- set no_metric = 'cast(null as ' ~ dbt.type_string() ~ ')' -%}

with

feature_drift as (
    select * from {{ ref('ml_tracing__feature_drift') }}
),

data_quality as (
    select * from {{ ref('ml_tracing__data_quality') }}
),

performance as (
    select * from {{ ref('ml_tracing__performance_over_time') }}
    where is_primary_metric
),

top_slices as (
    select * from {{ ref('ml_tracing__slice_impact') }}
    where is_primary_metric and impact_rank = 1
),

window_sizes as (
    select
        model_name,
        window_start,
        window_rows,
        metric_rows,
        baseline_status,
        {{ ml_tracing.model_case(models, 'min_window_rows', empty_type=dbt.type_int()) }} as min_window_rows
    from performance
),

thresholds as (
    -- one row per model and check (subject NULL), and per feature override; is_enabled false: the check is off
    {%- for model in models %}
    {%- set rows = [] %}
    {%- for check, levels in model.thresholds.items() %}{% do rows.append((check, 'cast(null as ' ~ dbt.type_string() ~ ')', levels)) %}{% endfor %}
    {%- for (feature, check), levels in model.feature_thresholds.items() %}{% do rows.append((check, "'" ~ feature ~ "'", levels)) %}{% endfor %}
    {%- for check, subject, levels in rows %}
    select '{{ model.name }}' as model_name, '{{ check }}' as check_name, {{ subject }} as subject, cast({{ levels.warn }} as {{ double }}) as warn_threshold, cast({{ levels.error }} as {{ double }}) as error_threshold, {{ levels.higher_is_worse | lower }} as is_higher_worse, {{ levels.enabled | lower }} as is_enabled
    union all
    {%- endfor %}
    {%- endfor %}
    select 'none' as model_name, 'none' as check_name, 'none' as subject, cast(0 as {{ double }}) as warn_threshold, cast(0 as {{ double }}) as error_threshold, true as is_higher_worse, true as is_enabled
    where 1 = 0
),

observations as (
    select model_name, window_start, 'drift' as alert_kind, 'psi' as check_name, feature_name as subject,
        {{ no_metric }} as metric_name, psi as observed_value, cast(null as {{ double }}) as baseline_value
    from feature_drift

    union all

    select model_name, window_start, 'drift' as alert_kind, 'js_distance' as check_name, feature_name as subject,
        {{ no_metric }} as metric_name, js_distance as observed_value, cast(null as {{ double }}) as baseline_value
    from feature_drift

    union all

    select model_name, window_start, 'quality' as alert_kind,
        case check_name when 'null_rate' then 'null_rate_change' else check_name end as check_name, subject,
        {{ no_metric }} as metric_name,
        case check_name when 'null_rate' then change else observed_value end as observed_value, baseline_value
    from data_quality
    where check_name in ('null_rate', 'unseen_share', 'vanished_share', 'out_of_range_share', 'prediction_out_of_domain', 'actuals_coverage', 'conflicting_actuals')

    union all

    -- how far the primary metric fell below its baseline (rose, for lower-is-better metrics)
    select model_name, window_start, 'performance' as alert_kind, 'metric_drop' as check_name, metric_name as subject,
        metric_name,
        {{ ml_tracing.worsening('metric_value', 'baseline_value') }} as observed_value,
        baseline_value
    from performance

    union all

    -- standard deviations from the rolling mean of the previous windows, positive = worse
    select model_name, window_start, 'performance' as alert_kind, 'metric_z_score' as check_name, metric_name as subject,
        metric_name,
        case metric_direction
            when 'higher_is_better' then -rolling_z_score
            when 'lower_is_better' then rolling_z_score
            else abs(rolling_z_score)
        end as observed_value,
        rolling_mean as baseline_value
    from performance

    union all

    select model_name, window_start, 'slice' as alert_kind, 'slice_impact' as check_name, slice_key as subject,
        metric_name, {{ ml_tracing.ranking_score() }} as observed_value, baseline_value
    from top_slices
),

thresholded as (
    select
        observations.*,
        coalesce(for_subject.warn_threshold, for_model.warn_threshold) as warn_threshold,
        coalesce(for_subject.error_threshold, for_model.error_threshold) as error_threshold,
        for_model.is_higher_worse
    from observations
    inner join thresholds as for_model
        on observations.model_name = for_model.model_name
        and observations.check_name = for_model.check_name
        and for_model.subject is null
    left join thresholds as for_subject
        on observations.model_name = for_subject.model_name
        and observations.check_name = for_subject.check_name
        and observations.subject = for_subject.subject
    where observations.observed_value is not null
        and coalesce(for_subject.is_enabled, for_model.is_enabled)
),

graded as (
    select
        *,
        case
            when is_higher_worse and observed_value > error_threshold then 'error'
            when not is_higher_worse and observed_value < error_threshold then 'error'
            when is_higher_worse and observed_value > warn_threshold then 'warn'
            when not is_higher_worse and observed_value < warn_threshold then 'warn'
        end as breach_level
    from thresholded
),

with_status as (
    select
        graded.*,
        case
            when graded.alert_kind in ('drift', 'quality') and window_sizes.window_rows < window_sizes.min_window_rows
                then 'too_few_rows'
            when graded.alert_kind in ('performance', 'slice') and window_sizes.metric_rows < window_sizes.min_window_rows
                then 'too_few_rows'
            when graded.check_name = 'metric_drop' and window_sizes.baseline_status = 'too_few_rows'
                then 'too_few_rows'
            else 'breached'
        end as status
    from graded
    left join window_sizes
        on graded.model_name = window_sizes.model_name
        and graded.window_start = window_sizes.window_start
),

breaches as (
    select
        *,
        case when breach_level = 'error' then error_threshold else warn_threshold end as threshold,
        case when is_higher_worse then 'above' else 'below' end as breached_when
    from with_status
    where breach_level is not null
),

final as (
    select
        model_name,
        window_start,
        alert_kind,
        check_name,
        subject,
        metric_name,
        status,
        case when status = 'breached' then breach_level end as severity,
        observed_value,
        threshold,
        baseline_value,
        breached_when,
        -- one line for a notification, e.g.
        -- fraud_detector, 2026-10-21: psi of merchant_id is 1.3450, above the error threshold 0.2500
        model_name || ', ' || cast(cast(window_start as date) as {{ dbt.type_string() }}) || ': '
        || check_name || coalesce(' of ' || subject, '')
        || case when alert_kind = 'slice' then ' on ' || metric_name else '' end
        || ' is ' || {{ ml_tracing.mlt_decimal_text('observed_value') | indent(8) }}
        || coalesce(' (baseline ' || {{ ml_tracing.mlt_decimal_text('baseline_value') | indent(8) }} || ')', '')
        || ', ' || breached_when || ' the ' || breach_level || ' threshold '
        || {{ ml_tracing.mlt_decimal_text('threshold') | indent(8) }}
        || case when status = 'too_few_rows' then ', in a window too small to judge' else '' end as alert_message
    from breaches
)

select * from final
