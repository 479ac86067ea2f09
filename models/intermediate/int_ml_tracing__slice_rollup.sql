{#- Every slice (combination of slice-column values up to each model's depth) of
    every window and baseline, with summed metric components: one GROUPING SETS
    rollup per monitored model over its pre-aggregated slice tuples. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set components = ml_tracing.component_names(models) -%}
{%- set tuples = ref('int_ml_tracing__slice_tuples') -%}

with

{% for model in models -%}
rollup_{{ model.name }} as (
    {{ ml_tracing.slice_rollup(tuples, model, components) }}
),

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
