{#- The inference store pre-aggregated to distinct slice-value tuples: one row per
    model, scope ('current' window or 'baseline'), window and combination of slice
    values, with summed components. Rollups read this instead of raw predictions.
    Per-window baselines (model_version) keep their window; static ones use NULL. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set slice_columns = ml_tracing.all_slice_columns(models) | map(attribute='name') | list -%}
{%- set components = ml_tracing.component_names(models) -%}
{%- set group_columns = ['model_name', 'window_start'] + slice_columns -%}

with

inferences as (
    select * from {{ ref('ml_tracing__inferences') }}
),

current_tuples as (
    select
        model_name,
        'current' as scope,
        window_start,
        {%- for column in slice_columns %}
        {{ column }},
        {%- endfor %}
        {%- for component in components %}
        sum({{ component }}) as {{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from inferences
    where is_current
    group by {{ group_columns | join(', ') }}
),

baseline_tuples as (
    select
        model_name,
        'baseline' as scope,
        baseline_window_start as window_start,
        {%- for column in slice_columns %}
        {{ column }},
        {%- endfor %}
        {%- for component in components %}
        sum({{ component }}) as {{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from inferences
    where is_baseline
    group by {{ (['model_name', 'baseline_window_start'] + slice_columns) | join(', ') }}
),

final as (
    select * from current_tuples
    union all
    select * from baseline_tuples
)

select * from final
