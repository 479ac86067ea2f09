{#
    Fails for every window in which fewer than `min_share` of the predictions have
    an actual (ground truth): performance there rests on too little evidence.

    models:
      - name: fraud_predictions
        data_tests:
          - ml_tracing.expect_actuals_coverage_to_be_at_least:
              arguments: {ml_model: fraud_detector, min_share: 0.8}
#}
{% test expect_actuals_coverage_to_be_at_least(model, ml_model, min_share, windows='all') %}
    {{ ml_tracing._threshold_breaches('expect_actuals_coverage_to_be_at_least', ref('ml_tracing__data_quality'),
        'observed_value', min_share, 'below', 'subject', 'null',
        ml_tracing._gate_conditions('expect_actuals_coverage_to_be_at_least', ml_model) + ["check_name = 'actuals_coverage'"], windows,
        argument='min_share', judged_windows='rows', valid='share_below') }}
{% endtest %}
