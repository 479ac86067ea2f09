{#- Every actual (ground truth) row of every monitored model that has actuals:
    duplicates and late arrivals included; int_ml_tracing__latest_actuals picks one. -#}
{%- set models = ml_tracing.monitored_models() | selectattr('actuals') | list -%}

with

{% for model in models -%}
{%- set columns = model.columns -%}
{%- set source_columns = ml_tracing.check_mapped_columns(model, 'actuals', [
    ('columns.actual_prediction_id', columns.actual_prediction_id), ('columns.actual_label', columns.actual_label),
    ('columns.actual_value', columns.actual_value), ('columns.actual_observed_at', columns.actual_observed_at),
]) %}
{%- do ml_tracing.check_sample_keeps_history(model, 'actuals', 'int_ml_tracing__actual_checks') %}
actuals_{{ model.name }} as (
    select
        '{{ model.name }}' as model_name,
        {{ ml_tracing.staged_source_value(source_columns, columns.actual_prediction_id, 'string') }} as prediction_id,
        {{ ml_tracing.staged_source_value(source_columns, columns.actual_label, 'string') }} as actual_label,
        {{ ml_tracing.staged_source_value(source_columns, columns.actual_value, 'double') }} as actual_value,
        {% if model.task == 'binary_classification' -%}
        {{ ml_tracing.staged_source_value(source_columns, columns.actual_label, 'string') }} = {{ ml_tracing.mlt_string_literal(model.positive_label) }}
        {%- else -%}
        cast(null as {{ dbt.type_boolean() }})
        {%- endif %} as is_actual_positive,
        {{ ml_tracing.staged_source_value(source_columns, columns.actual_observed_at, 'timestamp') }} as actual_observed_at
    from {{ ml_tracing.configured_relation(model.actuals) }}
),

{% endfor -%}
unioned as (
    {%- set empty %}
    select
        {{ ml_tracing.staged_value(none, 'string') }} as model_name,
        {{ ml_tracing.staged_value(none, 'string') }} as prediction_id,
        {{ ml_tracing.staged_value(none, 'string') }} as actual_label,
        {{ ml_tracing.staged_value(none, 'double') }} as actual_value,
        cast(null as {{ dbt.type_boolean() }}) as is_actual_positive,
        {{ ml_tracing.staged_value(none, 'timestamp') }} as actual_observed_at
    where 1 = 0
    {%- endset %}
    {{ ml_tracing.union_ctes('actuals_', models, empty) }}
),

final as (
    select * from unioned
)

select * from final
