{#- What int_ml_tracing__slice_rollup rolls up, for the model and its hooks: the
    monitored models, their summed components and slice columns, the tuples relation
    and whether this run searches only the changed windows. -#}
{% macro slice_rollup_inputs() %}
    {%- set models = ml_tracing.monitored_models() -%}
    {{- return({
        'models': models,
        'components': ml_tracing.slice_component_names(models),
        'slice_columns': ml_tracing.all_slice_columns(models) | map(attribute='name') | list,
        'tuples': ref('int_ml_tracing__slice_tuples'),
        'incremental': is_incremental() and ml_tracing.mlt_searches_window_by_window(),
    }) -}}
{% endmacro %}

{#- Whether a monitored model's slices come from the pruned search (pruned_slice_search). -#}
{% macro searches_pruned(model) %}
    {{- return(model.slice_search == 'pruned' and model.rank_slices_by == 'impact_score') -}}
{% endmacro %}
