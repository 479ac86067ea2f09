{#- What int_ml_tracing__slice_rollup rolls up, for the model and its hooks: the
    monitored models, their summed components and slice columns, the tuples relation,
    whether this run searches only the changed windows and the query that finds them
    (the tuples' windows written after this table last rebuilt them, new to it, or
    gone from the tuples: a deleted window changes the windows whose slices fed its
    baseline). -#}
{% macro slice_rollup_inputs() %}
    {%- set models = ml_tracing.monitored_models() -%}
    {%- set tuples = ref('int_ml_tracing__slice_tuples') -%}
    {{- return({
        'models': models,
        'components': ml_tracing.slice_component_names(models),
        'slice_columns': ml_tracing.all_slice_columns(models) | map(attribute='name') | list,
        'tuples': tuples,
        'incremental': is_incremental() and ml_tracing.mlt_searches_window_by_window(),
        'changed_windows': ml_tracing.rewritten_windows(tuples, ['model_name', 'window_start', 'window_key'], include_vanished=true),
    }) -}}
{% endmacro %}

{#- Whether a monitored model's slices come from the pruned search (pruned_slice_search). -#}
{% macro searches_pruned(model) %}
    {{- return(model.slice_search == 'pruned' and model.rank_slices_by == 'impact_score') -}}
{% endmacro %}
