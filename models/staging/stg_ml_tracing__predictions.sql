{#- One row per prediction of every monitored model, in the package's column names.
    Slice and feature columns of all models sit side by side (NULL for models without them);
    numeric ones stay numeric so they can be binned on the baseline. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set slice_columns = ml_tracing.all_slice_columns(models, include_features=true) -%}

with

{% for model in models -%}
{%- set columns = model.columns -%}
{%- set roles = ['prediction_id', 'predicted_at', 'model_version', 'environment', 'predicted_label', 'predicted_score', 'predicted_value'] -%}
{%- set checks = [] -%}
{%- for role in roles %}{% do checks.append(('columns.' ~ role, columns[role])) %}{% endfor -%}
{%- for column in model.slice_columns %}{% do checks.append(('slice_columns', column.source_name)) %}{% endfor -%}
{%- for column in model.features %}{% do checks.append(('features', column.source_name)) %}{% endfor -%}
{%- set source_columns = ml_tracing.check_mapped_columns(model, 'predictions', checks) -%}
{%- do ml_tracing.check_sample_keeps_history(model, 'predictions', 'int_ml_tracing__prediction_checks') -%}
{%- set model_slice_columns = (model.slice_columns + model.features) | map(attribute='name') | list %}
predictions_{{ model.name }} as (
    select
        '{{ model.name }}' as model_name,
        {{ ml_tracing.staged_source_value(source_columns, columns.prediction_id, 'string') }} as prediction_id,
        {{ ml_tracing.staged_source_value(source_columns, columns.predicted_at, 'timestamp') }} as predicted_at,
        {{ ml_tracing.staged_source_value(source_columns, columns.model_version, 'string') }} as model_version,
        {{ ml_tracing.staged_source_value(source_columns, columns.environment, 'string') }} as environment,
        {{ ml_tracing.staged_source_value(source_columns, columns.predicted_label, 'string') }} as predicted_label,
        {{ ml_tracing.staged_source_value(source_columns, columns.predicted_score, 'double') }} as predicted_score,
        {{ ml_tracing.staged_source_value(source_columns, columns.predicted_value, 'double') }} as predicted_value,
        {% if model.task != 'binary_classification' -%}
        cast(null as {{ dbt.type_boolean() }}) as is_predicted_positive
        {%- elif columns.predicted_label -%}
        {{ ml_tracing.staged_source_value(source_columns, columns.predicted_label, 'string') }} = {{ ml_tracing.mlt_string_literal(model.positive_label) }} as is_predicted_positive
        {%- else -%}
        {{ ml_tracing.staged_source_value(source_columns, columns.predicted_score, 'double') }} >= {{ model.score_threshold }} as is_predicted_positive
        {%- endif -%}
        {%- for column in slice_columns %},
        {{ ml_tracing.staged_source_value(source_columns, column.source_name if column.name in model_slice_columns else none, 'double' if column.kind == 'numeric' else 'string') }} as {{ column.name }}
        {%- endfor %}
    from {{ ml_tracing.configured_relation(model.predictions) }}
),

{% endfor -%}
unioned as (
    {%- set empty %}
    select
        {{ ml_tracing.staged_value(none, 'string') }} as model_name,
        {{ ml_tracing.staged_value(none, 'string') }} as prediction_id,
        {{ ml_tracing.staged_value(none, 'timestamp') }} as predicted_at,
        {{ ml_tracing.staged_value(none, 'string') }} as model_version,
        {{ ml_tracing.staged_value(none, 'string') }} as environment,
        {{ ml_tracing.staged_value(none, 'string') }} as predicted_label,
        {{ ml_tracing.staged_value(none, 'double') }} as predicted_score,
        {{ ml_tracing.staged_value(none, 'double') }} as predicted_value,
        cast(null as {{ dbt.type_boolean() }}) as is_predicted_positive
    where 1 = 0
    {%- endset %}
    {{ ml_tracing.union_ctes('predictions_', models, empty) }}
),

final as (
    select * from unioned
)

select * from final
