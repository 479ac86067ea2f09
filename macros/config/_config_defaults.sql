{#- Package defaults for every per-model setting: the one place they live.
    Order of resolution: the model's block in `vars.ml_tracing.models`
    → `vars.ml_tracing.defaults` → these values.
    `baseline: none` means environment 'training' when `columns.environment` is
    mapped, else a rolling baseline of the 28 days before each window (31 with
    `window_grain: month`: the month before; see _resolve_baseline). -#}
{% macro _config_defaults() %}
    {{ return({
        'actuals': none,
        'positive_label': 1,
        'score_threshold': 0.5,
        'classes': [],
        'slice_columns': [],
        'features': [],
        'max_slice_depth': 3,
        'min_slice_rows': 30,
        'numeric_slice_bins': 5,
        'drift_bins': 10,
        'metrics': none,
        'primary_metric': none,
        'window_grain': 'day',
        'baseline': none,
        'production_environment': 'production',
        'rolling_windows': 7,
        'grouping_sets_per_query': none,
        'confidence_level': 0.95,
        'false_discovery_rate': 0.05,
        'rank_slices_by': 'impact_score',
        'min_window_rows': 30,
        'slice_search': 'pruned',
        'top_k': 10,
        'thresholds': {},
        'feature_thresholds': {},
    }) }}
{% endmacro %}

{#- Column mapping defaults: the user's column names, `none` = not mapped. -#}
{% macro _column_defaults() %}
    {{ return({
        'prediction_id': 'prediction_id',
        'predicted_at': 'predicted_at',
        'model_version': none,
        'environment': none,
        'predicted_label': none,
        'predicted_score': none,
        'predicted_value': none,
        'actual_prediction_id': none,
        'actual_label': none,
        'actual_value': none,
        'actual_observed_at': none,
    }) }}
{% endmacro %}

{#- Default metric list per task (the first one is the default primary metric). -#}
{% macro _default_metrics(task) %}
    {{ return({
        'binary_classification': ['recall', 'precision', 'f1', 'accuracy', 'false_positive_rate'],
        'multiclass_classification': ['accuracy', 'macro_f1', 'macro_precision', 'macro_recall'],
        'regression': ['mae', 'rmse', 'mean_error', 'r2'],
    }[task]) }}
{% endmacro %}

{#- Alert thresholds per check: `warn` and `error` levels, and whether a higher
    observed value is worse (else a lower one is). PSI 0.1 / 0.25 is the common
    convention (0.1: moderate shift, 0.25: significant shift). -#}
{% macro _threshold_defaults() %}
    {{ return({
        'psi': {'warn': 0.1, 'error': 0.25, 'higher_is_worse': true},
        'js_distance': {'warn': 0.1, 'error': 0.2, 'higher_is_worse': true},
        'null_rate_change': {'warn': 0.05, 'error': 0.2, 'higher_is_worse': true},
        'unseen_share': {'warn': 0.01, 'error': 0.05, 'higher_is_worse': true},
        'vanished_share': {'warn': 0.01, 'error': 0.05, 'higher_is_worse': true},
        'out_of_range_share': {'warn': 0.01, 'error': 0.05, 'higher_is_worse': true},
        'prediction_out_of_domain': {'warn': 0.0, 'error': 0.01, 'higher_is_worse': true},
        'actuals_coverage': {'warn': 0.8, 'error': 0.5, 'higher_is_worse': false},
        'conflicting_actuals': {'warn': 0.02, 'error': 0.1, 'higher_is_worse': true},
        'metric_drop': {'warn': 0.05, 'error': 0.1, 'higher_is_worse': true},
        'metric_z_score': {'warn': 2.0, 'error': 3.0, 'higher_is_worse': true},
        'slice_impact': {'warn': 0.05, 'error': 0.1, 'higher_is_worse': true},
    }) }}
{% endmacro %}
