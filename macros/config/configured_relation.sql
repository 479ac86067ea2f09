{#- ref() / source() for a configured relation spec; only staging models call it,
    so the dependency on the user's tables is recorded there. -#}
{% macro configured_relation(spec) %}
    {% if spec.get('ref') %}{{ return(ref(spec.ref)) }}{% endif %}
    {{ return(source(spec.source[0], spec.source[1])) }}
{% endmacro %}

{#- Check, once the relation exists, that every mapped column is in it: a missing
    column is a compile error naming the model, the setting and the columns there are.
    A score, a predicted value and an actual value are read as numbers: their
    columns must have a numeric type; the times must not, nor be a boolean or a
    time of day (none of them casts to a timestamp). A boolean label reads as 'true' / 'false', so a binary model's
    `positive_label` must be one of those: any other would match no row and every
    prediction would count as negative. Returns the relation's columns (relation_columns), read once
    for the check and the staging model's SQL. -#}
{% macro check_mapped_columns(model, relation_key, roles) %}
    {% if not execute %}{{ return({}) }}{% endif %}
    {% set spec = model[relation_key] %}
    {% set columns = ml_tracing.relation_columns(spec) %}
    {% if not columns %}
        {{ ml_tracing._config_error(model.name, relation_key, ml_tracing.relation_label(spec) ~ ' does not exist in the warehouse yet.', 'build it first (dbt build selects it when it is a model of this project), or point the setting at an existing relation') }}
    {% endif %}
    {% set role_columns = ml_tracing._role_columns(model) %}
    {% for role, column in roles %}
        {% if column and (column | lower) not in columns %}
            {#- a slice column or feature cannot be one of the mapped role columns -#}
            {% set candidates = columns.keys() | reject('in', role_columns if role in ['slice_columns', 'features'] else []) %}
            {{ ml_tracing._config_error(model.name, role, "column '" ~ column ~ "' is not in " ~ ml_tracing.relation_label(spec) ~ '.', candidates | sort | join(', ')) }}
        {% endif %}
        {% set stored_type = columns[column | lower].type if column else none %}
        {% if role in ['columns.predicted_score', 'columns.predicted_value', 'columns.actual_value']
            and stored_type and not ml_tracing.mlt_is_numeric_type(stored_type) %}
            {{ ml_tracing._config_error(model.name, role, "column '" ~ column ~ "' of " ~ ml_tracing.relation_label(spec) ~ ' is ' ~ stored_type
                ~ ', but the role is read as a number.', 'a numeric column (cast it in a model of your own)') }}
        {% endif %}
        {% if role in ['columns.predicted_at', 'columns.actual_observed_at'] and stored_type and ml_tracing._is_not_a_time(stored_type) %}
            {{ ml_tracing._config_error(model.name, role, "column '" ~ column ~ "' of " ~ ml_tracing.relation_label(spec) ~ ' is ' ~ stored_type
                ~ ', but the role is read as a timestamp.', 'a timestamp, date or timestamp-text column (convert epoch seconds in a model of your own, e.g. to_timestamp(epoch))') }}
        {% endif %}
        {% if model.task == 'binary_classification' and role in ['columns.predicted_label', 'columns.actual_label']
            and stored_type in ['boolean', 'bool'] and model.positive_label not in ['true', 'false'] %}
            {{ ml_tracing._config_error(model.name, 'positive_label', "'" ~ model.positive_label ~ "' matches no value of the boolean column '"
                ~ column ~ "' (" ~ role ~ ' in ' ~ ml_tracing.relation_label(spec) ~ "), which reads as 'true' or 'false'.", 'true (or false)') }}
        {% endif %}
    {% endfor %}
    {{ return(columns) }}
{% endmacro %}

{#- A stored type that does not cast to a timestamp: a number (epoch seconds), a
    boolean, a time of day (`time`, `time with time zone`; not `timestamp…`). -#}
{% macro _is_not_a_time(stored_type) %}
    {%- set lowered = stored_type | lower -%}
    {{- return(ml_tracing.mlt_is_numeric_type(stored_type) or lowered in ['boolean', 'bool']
        or (lowered.startswith('time') and not lowered.startswith('timestamp'))) -}}
{% endmacro %}
