{#
    Fails for every window in which a drift feature's PSI against the baseline
    is above `threshold`. Attach it to a monitored model's predictions model (all
    features) or to one of its columns (that feature).

    models:
      - name: fraud_predictions
        columns:
          - name: merchant_id
            data_tests:
              - ml_tracing.expect_psi_to_be_below:
                  arguments: {ml_model: fraud_detector, threshold: 0.25, windows: latest}
                  config: {severity: error, warn_if: ">0", error_if: ">0"}
#}
{% test expect_psi_to_be_below(model, ml_model, threshold=0.25, column_name=none, windows='all') %}
    {{ ml_tracing._drift_breaches('expect_psi_to_be_below', 'psi', ml_model, threshold, column_name, windows) }}
{% endtest %}

{#- Shared by the drift tests: rows of ml_tracing__feature_drift whose `statistic` is above `threshold`
    (`valid`: its range, as _check_gate_threshold). -#}
{% macro _drift_breaches(test_name, statistic, ml_model, threshold, column_name, windows, valid='at_least_0') %}
    {{ ml_tracing._threshold_breaches(test_name, ref('ml_tracing__feature_drift'), statistic, threshold, 'above',
        'feature_name', 'null', ml_tracing._gate_conditions(test_name, ml_model, column_name=column_name), windows, judged_windows='rows',
        valid=valid) }}
{% endmacro %}
