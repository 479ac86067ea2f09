{#- The score a row of ml_tracing__slice_impact is ranked by (its `ranked_by`): the
    impact score, or the pessimistic impact under `rank_slices_by: pessimistic_impact`. -#}
{% macro ranking_score() %}
    {{- return("case when ranked_by = 'pessimistic_impact' then pessimistic_impact else impact_score end") -}}
{% endmacro %}
