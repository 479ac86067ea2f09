{#
    Fails for every window whose most damaging slice (impact_rank 1 for the metric,
    default the primary metric) has an impact score above `threshold`.

    models:
      - name: fraud_predictions
        data_tests:
          - ml_tracing.expect_top_slice_impact_to_be_below:
              arguments: {ml_model: fraud_detector, threshold: 0.1}
#}
{% test expect_top_slice_impact_to_be_below(model, ml_model, threshold, metric=none, windows='all') %}
    {{ ml_tracing._threshold_breaches('expect_top_slice_impact_to_be_below', ref('ml_tracing__slice_impact'),
        'impact_score', threshold, 'above', 'slice_key', 'baseline_value',
        ml_tracing._monitored_model_condition(ml_model) + [ml_tracing._metric_condition(metric), 'impact_rank = 1'], windows) }}
{% endtest %}
