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
    {%- for model in models %}
    select * from rollup_{{ model.name }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
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
    {%- endfor %}
)

select * from final
