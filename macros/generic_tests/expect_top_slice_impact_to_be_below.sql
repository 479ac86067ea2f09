{#
    Fails for every window whose most damaging slice (impact_rank 1 for the metric,
    default the primary metric) scores above `threshold`. The score is the one the
    slices are ranked by: the impact score, or the pessimistic impact for a model
    with `rank_slices_by: pessimistic_impact`; `score` names one of the two instead.

    models:
      - name: fraud_predictions
        data_tests:
          - ml_tracing.expect_top_slice_impact_to_be_below:
              arguments: {ml_model: fraud_detector, threshold: 0.1}
#}
{% test expect_top_slice_impact_to_be_below(model, ml_model, threshold, metric=none, windows='all', score=none) %}
    {%- set scores = ['impact_score', 'pessimistic_impact'] -%}
    {%- if score is not none and score not in scores -%}
        {{ exceptions.raise_compiler_error("expect_top_slice_impact_to_be_below: `score` must be one of "
            ~ scores | join(', ') ~ " (default: the score the model ranks its slices by), got: " ~ score) }}
    {%- endif %}
    {{ ml_tracing._threshold_breaches('expect_top_slice_impact_to_be_below', ref('ml_tracing__slice_impact'),
        score or ml_tracing.ranking_score(), threshold, 'above', 'slice_key', 'baseline_value',
        ml_tracing._gate_conditions('expect_top_slice_impact_to_be_below', ml_model, metric, judges_metric=true) + ['impact_rank = 1'], windows) }}
{% endtest %}
