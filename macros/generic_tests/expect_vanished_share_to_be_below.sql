{#
    Fails for every window in which the share of the baseline's rows whose value
    (or numeric bin) vanished from the window exceeds `threshold`: a merchant, a
    state or a range of amounts that stopped arriving although the baseline
    predicts at least 10 of the window's rows (ml_tracing__feature_drift.vanished_share).

    models:
      - name: fraud_predictions
        columns:
          - name: merchant_id
            data_tests:
              - ml_tracing.expect_vanished_share_to_be_below:
                  arguments: {ml_model: fraud_detector, threshold: 0.05}
#}
{% test expect_vanished_share_to_be_below(model, ml_model, threshold=0.05, column_name=none, windows='all') %}
    {{ ml_tracing._drift_breaches('expect_vanished_share_to_be_below', 'vanished_share', ml_model, threshold, column_name, windows, 'share_above') }}
{% endtest %}
