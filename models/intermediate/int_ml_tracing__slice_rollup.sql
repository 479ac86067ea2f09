{#- The slices (combinations of slice-column values up to each model's depth) of
    every window and baseline, with summed metric components, from the
    pre-aggregated slice tuples: per monitored model either every slice
    (`slice_search: exhaustive`, chunked GROUPING SETS) or the level-wise search
    that skips the slices which can neither reach `min_slice_rows` nor the top
    `top_k` impact scores (`slice_search: pruned`, see pruned_slice_search). -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set components = ml_tracing.slice_component_names(models) -%}
{%- set tuples = ref('int_ml_tracing__slice_tuples') -%}

with

{% for model in models -%}
{%- if model.slice_search == 'pruned' and model.rank_slices_by == 'impact_score' -%}
{{ ml_tracing.pruned_slice_search(tuples, model, components) }}
{%- else -%}
rollup_{{ model.name }} as (
    {{ ml_tracing.slice_rollup(tuples, model, components) | trim }}
),
{%- endif %}

{% endfor -%}
final as (
    {%- set empty %}
    select
        model_name,
        scope,
        window_start,
        'all' as slice_key,
        'true' as slice_predicate,
        '' as slice_columns,
        0 as slice_depth
    from {{ tuples }}
    where 1 = 0
    {%- endset %}
    {{ ml_tracing.union_ctes('rollup_', models, empty) }}
)

select * from final
