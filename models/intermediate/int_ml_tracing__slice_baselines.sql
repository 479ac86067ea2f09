{#- Each slice's baseline components, prefixed `baseline_`:
      environment / fixed_period — one baseline per model (window_start is NULL);
      model_version              — the same window of the baseline version;
      rolling                    — the sum over the current windows that start in
                                   the `days` days before the window (additive
                                   components make this a windowed sum). -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set components = ml_tracing.slice_component_names(models) -%}

with

slice_rollup as (
    select * from {{ ref('int_ml_tracing__slice_rollup') }}
),

{% for model in models -%}
baseline_{{ model.name }} as (
    {%- if model.baseline.kind == 'rolling' %}
    select
        model_name,
        window_start,
        slice_key,
        {%- for component in components %}
        sum({{ component }}) over (
            partition by slice_key
            order by {{ ml_tracing.mlt_day_number('window_start') }}
            range between {{ model.baseline.days }} preceding and 1 preceding
        ) as baseline_{{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from slice_rollup
    where model_name = '{{ model.name }}' and scope = 'current'
    {%- else %}
    select
        model_name,
        window_start,
        slice_key,
        {%- for component in components %}
        {{ component }} as baseline_{{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from slice_rollup
    where model_name = '{{ model.name }}' and scope = 'baseline'
    {%- endif %}
),

{% endfor -%}
final as (
    {%- set empty %}
    select model_name, window_start, slice_key from slice_rollup where 1 = 0
    {%- endset %}
    {{ ml_tracing.union_ctes('baseline_', models, empty) }}
)

select * from final
