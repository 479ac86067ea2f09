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
    {%- set test_name = 'expect_top_slice_impact_to_be_below' -%}
    {%- set scores = ['impact_score', 'pessimistic_impact'] -%}
    {%- if score is not none and score not in scores -%}
        {{ exceptions.raise_compiler_error(test_name ~ ": `score` must be one of "
            ~ scores | join(', ') ~ " (default: the score the model ranks its slices by), got: " ~ score) }}
    {%- endif %}
    {%- set conditions = ml_tracing._gate_conditions(test_name, ml_model, metric, judges_metric=true) + ['impact_rank = 1'] -%}
    {%- if score == 'pessimistic_impact' -%}
        {#- the pessimistic impact rests on the metric's interval: NULL for metrics without one -#}
        {%- set judged_metrics = [metric] if metric else ml_tracing._gate_models(test_name, ml_model) | map(attribute='primary_metric') | list -%}
        {%- set with_interval = [] -%}
        {%- for name in judged_metrics if ml_tracing.metric_sample(name) is not none %}{% do with_interval.append(name) %}{% endfor -%}
        {%- if not with_interval -%}
            {{ exceptions.raise_compiler_error(test_name ~ ": `score: pessimistic_impact` is NULL for " ~ judged_metrics | unique | join(', ')
                ~ " (no confidence interval), so the gate would pass whatever the data. Valid: `score: impact_score`, or a metric with an interval"
                ~ " (README, Statistics)") }}
        {%- endif -%}
    {%- endif %}
    {{ ml_tracing._threshold_breaches(test_name, ref('ml_tracing__slice_impact'),
        score or ml_tracing.ranking_score(), threshold, 'above', 'slice_key', 'baseline_value', conditions, windows,
        judged_windows='metric', valid='any') }}
{% endtest %}
