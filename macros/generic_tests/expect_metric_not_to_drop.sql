{#
    Fails for every window in which a metric (default: the model's primary metric)
    is worse than its baseline by more than `max_drop` — an absolute amount, or with
    `relative: true` a fraction of the baseline value (any worsening of a baseline
    of 0 is an infinite fraction). "Worse" follows the metric's
    direction (a drop for recall, a rise for log loss). Windows whose metric rests
    on fewer than `min_window_rows` rows (`window_status = 'too_few_rows'`) are not
    judged, nor windows whose baseline value does (`baseline_status = 'too_few_rows'`).

    models:
      - name: fraud_predictions
        data_tests:
          - ml_tracing.expect_metric_not_to_drop:
              arguments: {ml_model: fraud_detector, metric: recall, max_drop: 0.05}
#}
{% test expect_metric_not_to_drop(model, ml_model, max_drop, metric=none, relative=false, windows='all') %}
    {% if relative is not boolean %}
        {{ exceptions.raise_compiler_error("expect_metric_not_to_drop: `relative` must be true or false, got: " ~ ml_tracing._shown(relative)) }}
    {% endif %}
    {% set worsening = ml_tracing.worsening('metric_value', 'baseline_value') %}
    {% set observed = ml_tracing.signed_ratio(worsening, 'abs(baseline_value)') if relative else worsening %}
    {{ ml_tracing._threshold_breaches('expect_metric_not_to_drop', ref('ml_tracing__performance_over_time'), observed,
        max_drop, 'above', 'metric_name', 'baseline_value',
        ml_tracing._gate_conditions('expect_metric_not_to_drop', ml_model, metric, judges_metric=true) + ["baseline_status = 'ok'"], windows,
        argument='max_drop', judged_windows='metric') }}
{% endtest %}
