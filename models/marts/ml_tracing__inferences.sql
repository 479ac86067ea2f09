{#- The inference store: every staged prediction with its latest actual (if any),
    its window, whether it is monitored (current) or baseline, its slice values
    (numeric ones as baseline-quantile ranges) and its additive metric components. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set slice_columns = ml_tracing.all_slice_columns(models) -%}
{%- set components = ml_tracing.component_names(models) -%}
{%- do ml_tracing.check_baselines_select_rows(models) -%}

with

scoped as (
    select * from {{ ref('int_ml_tracing__scoped_predictions') }}
),

bin_edges as (
    select * from {{ ref('int_ml_tracing__bin_edges') }}
    where bin_purpose = 'slice'
),

labelled as (
    select
        scoped.model_name,
        scoped.prediction_id,
        scoped.predicted_at,
        scoped.window_start,
        scoped.model_version,
        scoped.environment,
        scoped.is_current,
        scoped.is_baseline,
        scoped.baseline_window_start,
        scoped.predicted_label,
        scoped.predicted_score,
        scoped.predicted_value,
        scoped.is_predicted_positive,
        scoped.has_actual,
        scoped.actual_count,
        scoped.actual_label,
        scoped.actual_value,
        scoped.is_actual_positive,
        scoped.actual_observed_at
        {%- for column in slice_columns %},
        {% if column.kind == 'numeric' -%}
        bins_{{ column.name }}.bin_label
        {%- else -%}
        scoped.{{ column.name }}
        {%- endif %} as {{ column.name }}
        {%- endfor %}
    from scoped
    {%- for column in slice_columns | selectattr('kind', 'equalto', 'numeric') %}
    left join bin_edges as bins_{{ column.name }}
        on scoped.model_name = bins_{{ column.name }}.model_name
        and bins_{{ column.name }}.column_name = '{{ column.name }}'
        and {{ ml_tracing.in_bin('bins_' ~ column.name, 'scoped.' ~ column.name) }}
    {%- endfor %}
),

final as (
    select
        *
        {%- for component in components %},
        case
            {%- for model in models %}
            {%- set expressions = dict(ml_tracing.metric_components(model.task, model.classes)) %}
            {%- if component in expressions %}
            when model_name = '{{ model.name }}' then {{ expressions[component] }}
            {%- endif %}
            {%- endfor %}
            else 0
        end as {{ component }}
        {%- endfor %}
    from labelled
)

select * from final
