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

{#- The conditions that scope a gate to what its arguments name, each checked
    against the configuration (resolved once): `ml_model` one of the monitored models,
    `metric` one of the judged models' metrics (a gate that `judges_metric` without
    one takes the primary metric), `column_name` one of their drift features, compared
    with `feature_column`. An argument that names none of them is a compile error: the
    gate would find no rows and pass whatever the data. -#}
{% macro _gate_conditions(test_name, ml_model, metric=none, column_name=none, feature_column='feature_name', judges_metric=false) %}
    {%- set conditions = ["model_name = '" ~ ml_model ~ "'"] if ml_model else [] -%}
    {%- if judges_metric and not metric -%}{% do conditions.append('is_primary_metric') %}{%- endif -%}
    {%- if not (ml_model or (judges_metric and metric) or column_name) -%}{{ return(conditions) }}{%- endif -%}

    {%- set models = ml_tracing._gate_models(test_name, ml_model) -%}
    {%- set judged = ml_model or 'the monitored models' -%}
    {%- if judges_metric and metric -%}
        {%- set metrics = [] -%}
        {%- for model in models %}{% do metrics.extend(model.metrics) %}{% endfor -%}
        {%- do conditions.append(ml_tracing._gate_choice_condition(test_name, 'metric', metric, metrics, 'metric_name', 'metrics of ' ~ judged)) -%}
    {%- endif -%}
    {%- if column_name -%}
        {%- set features = [] -%}
        {%- for model in models %}{% do features.extend(ml_tracing.drift_features(model) | map(attribute='name')) %}{% endfor -%}
        {%- do conditions.append(ml_tracing._gate_choice_condition(test_name, 'column_name', column_name | lower, features, feature_column,
            'drift features (`features`, the prediction and the actual) of ' ~ judged)) -%}
    {%- endif -%}
    {{- return(conditions) -}}
{% endmacro %}

{#- The monitored models a gate judges: the one `ml_model` names, else all. -#}
{% macro _gate_models(test_name, ml_model) %}
    {%- set models = ml_tracing.monitored_models() -%}
    {%- if not ml_model -%}{{ return(models) }}{%- endif -%}
    {%- for model in models if model.name == ml_model -%}{{ return([model]) }}{%- endfor -%}
    {{ exceptions.raise_compiler_error(test_name ~ ": `ml_model` must be one of the monitored models: "
        ~ models | map(attribute='name') | join(', ') ~ ", got: " ~ ml_model) }}
{% endmacro %}

{#- `<column> = '<value>'` for a gate argument that must name one of `valid`. -#}
{% macro _gate_choice_condition(test_name, argument, value, valid, column, what) %}
    {%- if value not in valid -%}
        {{ exceptions.raise_compiler_error(test_name ~ ": `" ~ argument ~ "` must be one of the " ~ what ~ ": "
            ~ valid | unique | sort | join(', ') ~ ", got: " ~ value) }}
    {%- endif -%}
    {{- return(column ~ " = '" ~ value ~ "'") -}}
{% endmacro %}
