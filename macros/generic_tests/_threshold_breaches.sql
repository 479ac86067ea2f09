{#- The failing rows of ml_tracing's threshold tests: rows of `relation` (filtered
    by `conditions` and, when `windows` is 'latest', to each model's latest window)
    whose `observed` value breaks `threshold` ('above' or 'below' it), with the
    context to act: model, window, subject, observed, threshold, baseline. -#}
{% macro _threshold_breaches(test_name, relation, observed, threshold, breached_when, subject, baseline='null', conditions=[], windows='all') %}
    {% if threshold is not number %}
        {{ exceptions.raise_compiler_error(test_name ~ ": `threshold` must be a number, got: " ~ threshold) }}
    {% endif %}
    {% if windows not in ['all', 'latest'] %}
        {{ exceptions.raise_compiler_error(test_name ~ ": `windows` must be 'all' or 'latest', got: " ~ windows) }}
    {% endif %}
    with

    observations as (
        select
            model_name,
            window_start,
            {{ subject }} as subject,
            {{ observed }} as observed_value,
            {{ threshold }} as threshold,
            {{ baseline }} as baseline_value
        from {{ relation }}
        where {{ (conditions or ['true']) | join(' and ') }}
    ),

    scoped as (
        select
            *,
            max(window_start) over (partition by model_name) as latest_window_start
        from observations
    )

    select
        model_name,
        window_start,
        subject,
        observed_value,
        threshold,
        baseline_value,
        '{{ test_name }}' as failed_test
    from scoped
    where
        observed_value {{ '>' if breached_when == 'above' else '<' }} threshold
        {%- if windows == 'latest' %}
        and window_start = latest_window_start
        {%- endif %}
{% endmacro %}

{#- `model_name = '<ml_model>'` when the test names a monitored model. A name that is
    none is a compile error: the gate would find no rows and pass whatever the data. -#}
{% macro _monitored_model_condition(test_name, ml_model) %}
    {%- if not ml_model -%}{{ return([]) }}{%- endif -%}
    {%- do ml_tracing._gate_models(test_name, ml_model) -%}
    {{- return(["model_name = '" ~ ml_model ~ "'"]) -}}
{% endmacro %}

{#- The monitored models a gate judges: the one `ml_model` names, else all. -#}
{% macro _gate_models(test_name, ml_model) %}
    {%- set models = ml_tracing.monitored_models() -%}
    {%- if not ml_model -%}{{ return(models) }}{%- endif -%}
    {%- for model in models if model.name == ml_model -%}{{ return([model]) }}{%- endfor -%}
    {{ exceptions.raise_compiler_error(test_name ~ ": `ml_model` must be one of the monitored models: "
        ~ models | map(attribute='name') | join(', ') ~ ", got: " ~ ml_model) }}
{% endmacro %}

{#- `<column> = '<value>'` for a gate argument that must name one of `valid` (a
    metric, a drift feature) of the models judged; anything else is a compile error,
    for the same reason. -#}
{% macro _gate_choice_condition(test_name, argument, value, valid, column, what) %}
    {%- if value not in valid -%}
        {{ exceptions.raise_compiler_error(test_name ~ ": `" ~ argument ~ "` must be one of the " ~ what ~ ": "
            ~ valid | unique | sort | join(', ') ~ ", got: " ~ value) }}
    {%- endif -%}
    {{- return(column ~ " = '" ~ value ~ "'") -}}
{% endmacro %}

{#- The condition on `feature_name` (or `subject`) for a gate put on a column: the
    column must be a drift feature of the models judged. -#}
{% macro _feature_condition(test_name, ml_model, column_name, column='feature_name') %}
    {%- set features = [] -%}
    {%- for model in ml_tracing._gate_models(test_name, ml_model) -%}
        {%- do features.extend(ml_tracing.drift_features(model) | map(attribute='name')) -%}
    {%- endfor -%}
    {{- return(ml_tracing._gate_choice_condition(test_name, 'column_name', column_name | lower, features, column,
        'drift features (`features`, the prediction and the actual) of ' ~ (ml_model or 'the monitored models'))) -}}
{% endmacro %}
