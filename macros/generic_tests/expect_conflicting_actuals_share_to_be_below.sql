{#
    Fails for every window in which more than `threshold` of the predictions with
    an actual got actuals that disagree (more than one label or value arrived): the
    ground truth the metrics rest on is itself in doubt
    (ml_tracing__data_quality, check `conflicting_actuals`).

    models:
      - name: fraud_predictions
        data_tests:
          - ml_tracing.expect_conflicting_actuals_share_to_be_below:
              arguments: {ml_model: fraud_detector, threshold: 0.1}
#}
{% test expect_conflicting_actuals_share_to_be_below(model, ml_model, threshold=0.1, windows='all') %}
    {{ ml_tracing._threshold_breaches('expect_conflicting_actuals_share_to_be_below', ref('ml_tracing__data_quality'),
        'observed_value', threshold, 'above', 'subject', 'null',
        ml_tracing._gate_conditions('expect_conflicting_actuals_share_to_be_below', ml_model) + ["check_name = 'conflicting_actuals'"], windows,
        judged_windows='rows', valid='share_above') }}
{% endtest %}
