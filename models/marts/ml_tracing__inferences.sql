{#- The inference store: every staged prediction with its latest actual (if any),
    its window, whether it is monitored (current) or baseline, its slice values
    (numeric ones as baseline-quantile ranges) and its additive metric components. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set slice_columns = ml_tracing.all_slice_columns(models) -%}
{%- set components = ml_tracing.component_names(models) -%}

with

predictions as (
    select * from {{ ref('stg_ml_tracing__predictions') }}
),

latest_actuals as (
    select * from {{ ref('int_ml_tracing__latest_actuals') }}
),

bin_edges as (
    select * from {{ ref('int_ml_tracing__slice_bin_edges') }}
),

joined as (
    select
        predictions.*,
        latest_actuals.actual_label,
        latest_actuals.actual_value,
        latest_actuals.is_actual_positive,
        latest_actuals.actual_observed_at,
        coalesce(latest_actuals.actual_count, 0) as actual_count,
        latest_actuals.prediction_id is not null as has_actual
    from predictions
    left join latest_actuals
        on predictions.model_name = latest_actuals.model_name
        and predictions.prediction_id = latest_actuals.prediction_id
),

scoped as (
    select
        *,
        {{ ml_tracing.model_case(models, ml_tracing.window_start_expression) }} as window_start,
        {{ ml_tracing.model_case(models, ml_tracing.current_rows_condition, 'false') }} as is_current,
        {{ ml_tracing.model_case(models, ml_tracing.baseline_rows_condition, 'false') }} as is_baseline
    from joined
),

labelled as (
    select
        scoped.model_name,
        scoped.prediction_id,
        scoped.predicted_at,
        scoped.window_start,
        scoped.model_version,
        scoped.environment,
        coalesce(scoped.is_current, false) as is_current,
        coalesce(scoped.is_baseline, false) as is_baseline,
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
        and scoped.{{ column.name }} is not null
        and (bins_{{ column.name }}.bin_lower is null or scoped.{{ column.name }} >= bins_{{ column.name }}.bin_lower)
        and (bins_{{ column.name }}.bin_upper is null or scoped.{{ column.name }} < bins_{{ column.name }}.bin_upper)
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
