{#- One row per model, window, check and subject: what the data looked like.
      null_rate, unseen_share, vanished_share, out_of_range_share, cardinality — per drift feature,
        against the window's baseline (from ml_tracing__feature_drift);
      prediction_out_of_domain — share of predictions outside their domain
        (a score not in [0, 1], a label not among `classes`);
      actuals_coverage — share of the window's predictions that have an actual;
      actual_latency_hours — mean hours from prediction to its actual;
      conflicting_actuals — share of the window's predictions with an actual whose
        actuals disagree (more than one label or value arrived);
      actual_out_of_domain — share of the window's actuals with a label not among `classes`;
      rejected_rows — per rejection reason (the subject), how many of the window's
        monitored input rows ml_tracing__rejections holds (rows without a window,
        such as a missing timestamp or an actual without a prediction, are only there). -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set double = ml_tracing.mlt_type_double() -%}

with

feature_drift as (
    select * from {{ ref('ml_tracing__feature_drift') }}
),

current_predictions as (
    select * from {{ ref('int_ml_tracing__scoped_predictions') }}
    where is_current
),

current_rejections as (
    select * from {{ ref('ml_tracing__rejections') }}
    where is_current and window_start is not null
),

feature_checks as (
    {{- ml_tracing._quality_check_rows('feature_drift', 'feature_name', 'current_rows', [
        {'check': 'null_rate', 'observed': 'current_null_share', 'baseline': 'baseline_null_share'},
        {'check': 'unseen_share', 'observed': 'unseen_share', 'where': 'baseline_rows > 0'},
        {'check': 'vanished_share', 'observed': 'vanished_share', 'where': 'baseline_rows > 0'},
        {'check': 'out_of_range_share', 'observed': 'out_of_range_share',
         'where': "feature_kind = 'numeric' and baseline_min is not null"},
        {'check': 'cardinality', 'observed': 'cast(current_cardinality as ' ~ double ~ ')',
         'baseline': 'case when baseline_rows > 0 then cast(baseline_cardinality as ' ~ double ~ ') end',
         'where': "feature_kind = 'categorical'"},
    ]) }}
),

window_stats as (
    select
        model_name,
        window_start,
        count(*) as window_rows,
        sum(case when {{ ml_tracing.model_case(models, ml_tracing.out_of_domain_condition, 'false') }} then 1 else 0 end) as out_of_domain_rows,
        sum(case when has_actual then 1 else 0 end) as rows_with_actual,
        sum(case when has_conflicting_actuals then 1 else 0 end) as rows_with_conflicting_actuals,
        sum(case when has_actual and {{ ml_tracing.model_case(models, ml_tracing.actual_out_of_domain_condition, 'false') }} then 1 else 0 end) as actual_out_of_domain_rows,
        avg(case when has_actual then {{ ml_tracing.mlt_divide(ml_tracing.mlt_seconds_between('predicted_at', 'actual_observed_at'), '3600') }} end) as actual_latency_hours
    from current_predictions
    group by model_name, window_start
),

window_checks as (
    {{- ml_tracing._quality_check_rows('window_stats', "'prediction'", 'window_rows', [
        {'check': 'prediction_out_of_domain', 'observed': ml_tracing.mlt_divide('out_of_domain_rows', 'window_rows')},
        {'check': 'actuals_coverage', 'subject': "'actual'", 'observed': ml_tracing.mlt_divide('rows_with_actual', 'window_rows')},
        {'check': 'actual_latency_hours', 'subject': "'actual'", 'observed': 'actual_latency_hours'},
        {'check': 'conflicting_actuals', 'subject': "'actual'",
         'observed': ml_tracing.mlt_divide('rows_with_conflicting_actuals', 'rows_with_actual')},
        {'check': 'actual_out_of_domain', 'subject': "'actual'",
         'observed': ml_tracing.mlt_divide('actual_out_of_domain_rows', 'rows_with_actual'),
         'where': 'model_name in ' ~ ml_tracing.model_name_list(models | selectattr('task', 'equalto', 'multiclass_classification'))},
    ]) }}
),

rejection_checks as (
    select
        current_rejections.model_name,
        current_rejections.window_start,
        'rejected_rows' as check_name,
        current_rejections.rejection_reason as subject,
        coalesce(max(window_stats.window_rows), 0) as window_rows,
        cast(count(*) as {{ ml_tracing.mlt_type_double() }}) as observed_value,
        cast(null as {{ ml_tracing.mlt_type_double() }}) as baseline_value
    from current_rejections
    left join window_stats
        on current_rejections.model_name = window_stats.model_name
        and current_rejections.window_start = window_stats.window_start
    group by current_rejections.model_name, current_rejections.window_start, current_rejections.rejection_reason
),

all_checks as (
    select * from feature_checks
    union all
    select * from window_checks
    union all
    select * from rejection_checks
),

final as (
    select
        model_name,
        window_start,
        check_name,
        subject,
        cast(window_rows as bigint) as window_rows,
        observed_value,
        baseline_value,
        observed_value - baseline_value as change
    from all_checks
)

select * from final
