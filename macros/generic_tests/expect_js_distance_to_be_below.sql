{#
    Fails for every window in which a drift feature's Jensen–Shannon distance
    (natural log, 0..0.83) against the baseline exceeds `threshold`.

    models:
      - name: fraud_predictions
        data_tests:
          - ml_tracing.expect_js_distance_to_be_below:
              arguments: {ml_model: fraud_detector, threshold: 0.2}
#}
{% test expect_js_distance_to_be_below(model, ml_model, threshold=0.2, column_name=none, windows='all') %}
    {{ ml_tracing._drift_breaches('expect_js_distance_to_be_below', 'js_distance', ml_model, threshold, column_name, windows) }}
{% endtest %}
