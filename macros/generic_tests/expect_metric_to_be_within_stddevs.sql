{#
    Fails for every window whose metric (default: the primary metric) lies more than
    `k` standard deviations from the mean of the previous `rolling_windows` windows
    (a setting of the monitored model), in either direction: `observed_value` is
    the signed z-score (negative below the mean). ml_tracing__alerts' `metric_z_score`
    alerts on the worsening direction only. Windows with fewer than
    `min_window_rows` rows behind the metric are not judged, nor counted in the
    rolling mean and standard deviation.

    models:
      - name: fraud_predictions
        data_tests:
          - ml_tracing.expect_metric_to_be_within_stddevs:
              arguments: {ml_model: fraud_detector, k: 3}
#}
{% test expect_metric_to_be_within_stddevs(model, ml_model, k=3, metric=none, windows='all') %}
    {{ ml_tracing._threshold_breaches('expect_metric_to_be_within_stddevs', ref('ml_tracing__performance_over_time'),
        'rolling_z_score', k, 'outside', 'metric_name', 'rolling_mean',
        ml_tracing._gate_conditions('expect_metric_to_be_within_stddevs', ml_model, metric, judges_metric=true), windows,
        argument='k', judged_windows='metric') }}
{% endtest %}
