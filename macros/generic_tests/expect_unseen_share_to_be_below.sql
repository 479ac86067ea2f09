{#
    Fails for every window in which the share of a feature's values never seen in
    the baseline exceeds `threshold` (a new merchant, a new state...).

    models:
      - name: fraud_predictions
        columns:
          - name: merchant_id
            data_tests:
              - ml_tracing.expect_unseen_share_to_be_below:
                  arguments: {ml_model: fraud_detector, threshold: 0.05}
#}
{% test expect_unseen_share_to_be_below(model, ml_model, threshold, column_name=none, windows='all') %}
    {% set conditions = ml_tracing._gate_conditions('expect_unseen_share_to_be_below', ml_model, column_name=column_name, feature_column='subject')
        + ["check_name = 'unseen_share'"] %}
    {{ ml_tracing._threshold_breaches('expect_unseen_share_to_be_below', ref('ml_tracing__data_quality'), 'observed_value',
        threshold, 'above', 'subject', 'baseline_value', conditions, windows, judged_windows='rows', valid='share_above') }}
{% endtest %}
