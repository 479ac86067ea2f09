{#- The inference store pre-aggregated to distinct slice-value tuples: one row per
    model, scope ('current' window or 'baseline'), window and combination of slice
    values, with summed components. Rollups read this instead of raw predictions.
    Per-window baselines (model_version) keep their window; static ones use NULL. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set slice_columns = ml_tracing.all_slice_columns(models) | map(attribute='name') | list -%}
{%- set components = ml_tracing.component_names(models) -%}

with

inferences as (
    select * from {{ ref('ml_tracing__inferences') }}
),

scoped_rows as (
    -- a row counts once per scope it belongs to: its window, and the baseline
    select *, 'current' as scope, window_start as scope_window_start
    from inferences
    where is_current

    union all

    select *, 'baseline' as scope, baseline_window_start as scope_window_start
    from inferences
    where is_baseline
),

final as (
    select
        model_name,
        scope,
        scope_window_start as window_start,
        {%- for column in slice_columns %}
        {{ column }},
        {%- endfor %}
        {%- for component in components %}
        sum({{ component }}) as {{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from scoped_rows
    group by {{ (['model_name', 'scope', 'scope_window_start'] + slice_columns) | join(', ') }}
)

select * from final
