{#- Run-time half of the configuration check: what a setting selects can only be
    known once the predictions are in. Called while int_ml_tracing__scoped_predictions
    compiles (after the checks are built), on the kept predictions, their actuals
    and the configuration as it is now. For a model with predictions, an error
    names the model, the setting and what the data holds when
      - an environment, fixed-period or model-version baseline selects none of them
        (not a rolling baseline: the first window never has one);
      - `production_environment` selects none of them (with `columns.environment`
        mapped): nothing would be monitored;
      - a binary model's labels (predicted and actual) take two or more values and
        none is `positive_label`: no row would count as positive.
    An empty predictions table is not an error. -#}
{% macro check_settings_select_rows(models) %}
    {% if not execute or not models %}{{ return('') }}{% endif %}
    {% set checks = load_relation(ref('int_ml_tracing__prediction_checks')) %}
    {% if checks is none %}{{ return('') }}{% endif %}
    {% set binary = models | selectattr('task', 'equalto', 'binary_classification') | list %}
    {% set scoped %}
        (
            select
                model_name,
                predicted_at,
                environment,
                model_version,
                predicted_label as label,
                {{ ml_tracing.model_case(models, current_rows_condition, 'false') }} as is_current,
                {{ ml_tracing.model_case(models, baseline_rows_condition, 'false') }} as is_baseline
            from {{ checks }}
            where rejection_reason is null
        ) as kept_predictions
    {% endset %}
    {% set counts %}
        select
            model_name,
            count(*) as input_rows,
            sum(case when is_baseline then 1 else 0 end) as baseline_rows,
            sum(case when is_current then 1 else 0 end) as current_rows,
            {{ ml_tracing._label_summary(binary) }}
        from {{ scoped }}
        group by model_name
    {% endset %}
    {% set counted = run_query(counts) %}
    {% for row in counted.rows if row[1] > 0 %}
        {% set model = models | selectattr('name', 'equalto', row[0]) | first %}
        {% if model is defined and model.baseline.kind != 'rolling' and row[2] == 0 %}
            {{ ml_tracing._refuse_empty_baseline(model, scoped, row[1]) }}
        {% endif %}
        {% if model is defined and model.columns.environment and row[3] == 0 %}
            {% set present = 'select distinct environment from ' ~ scoped ~ " where model_name = '" ~ model.name ~ "' and environment is not null order by 1" %}
            {{ ml_tracing._config_error(model.name, 'production_environment', "'" ~ model.production_environment ~ "' selects none of the " ~ row[1]
                ~ ' predictions of ' ~ ml_tracing.relation_label(model.predictions) ~ ': nothing would be monitored.',
                'environment values present in the predictions: ' ~ (run_query(present).columns[0].values() | join(', '))) }}
        {% endif %}
    {% endfor %}
    {{ ml_tracing._check_positive_label_is_a_label(binary, checks, counted) }}
    {{ return('') }}
{% endmacro %}

{% macro _refuse_empty_baseline(model, scoped, input_rows) %}
    {% set baseline = model.baseline %}
    {% if baseline.kind == 'fixed_period' %}
        {% set present = 'select min(predicted_at), max(predicted_at) from ' ~ scoped ~ " where is_current and model_name = '" ~ model.name ~ "'" %}
        {% set span = run_query(present).rows[0] %}
        {% set valid = 'a period overlapping the monitored predictions, which run from ' ~ span[0] ~ ' to ' ~ span[1] %}
    {% else %}
        {% set column = 'environment' if baseline.kind == 'environment' else 'model_version' %}
        {% set present = 'select distinct ' ~ column ~ ' from ' ~ scoped ~ " where model_name = '" ~ model.name ~ "' and " ~ column ~ ' is not null order by 1' %}
        {% set valid = column ~ ' values present in the predictions: ' ~ (run_query(present).columns[0].values() | join(', ')) %}
    {% endif %}
    {% set shown = [] %}
    {% for key, value in baseline.items() if key != 'is_per_window' %}{% do shown.append(key ~ ': ' ~ value) %}{% endfor %}
    {{ ml_tracing._config_error(model.name, 'baseline', '{' ~ (shown | join(', ')) ~ '} selects none of the ' ~ input_rows ~ ' predictions of ' ~ ml_tracing.relation_label(model.predictions) ~ '.', valid) }}
{% endmacro %}

{#- The least and greatest `label` of a binary model's rows, and whether one is
    its positive label. -#}
{% macro _label_summary(binary) %}
    {%- set label = 'case when model_name in ' ~ ml_tracing.model_name_list(binary) ~ ' then label end' -%}
    {{- return('min(' ~ label ~ ') as least_label, max(' ~ label ~ ') as greatest_label, '
        ~ 'max(case when ' ~ ml_tracing.model_case(binary, _is_positive_label, 'false') ~ ' then 1 else 0 end) as has_positive') -}}
{% endmacro %}

{#- Two or more label values (predicted and actual together: the least differs from
    the greatest) and none of them the positive label: a mistyped label
    (`positive_label: 1` for yes/no labels) or a score mapped as the label. One
    value only may be a run without positives. `counted` holds the predicted
    labels' summary (its last three columns), read in the same scan as the counts. -#}
{% macro _check_positive_label_is_a_label(binary, checks, counted) %}
    {% if not binary %}{{ return('') }}{% endif %}
    {% set actual_labels %}
        select model_name, {{ ml_tracing._label_summary(binary) }}
        from (select model_name, actual_label as label from {{ ref('int_ml_tracing__latest_actuals') }}) as actuals
        where model_name in {{ ml_tracing.model_name_list(binary) }}
        group by model_name
    {% endset %}
    {#- per model, over the predicted and the actual labels: their extremes, and whether one is positive -#}
    {% set extremes = {} %}
    {% set positive = [] %}
    {% for row in (counted.rows | list) + (run_query(actual_labels).rows | list) %}
        {% do extremes.update({row[0]: extremes.get(row[0], []) + ([row[-3], row[-2]] | reject('none') | list)}) %}
        {% if row[-1] == 1 %}{% do positive.append(row[0]) %}{% endif %}
    {% endfor %}
    {% for model in binary if model.name not in positive and (extremes.get(model.name, []) | unique | list | length) >= 2 %}
        {% set present %}
            select count(*) over () as label_values, label from (
                select predicted_label as label from {{ checks }} where rejection_reason is null and model_name = '{{ model.name }}'
                union
                select actual_label from {{ ref('int_ml_tracing__latest_actuals') }} where model_name = '{{ model.name }}'
            ) as labels
            where label is not null
            order by label
            limit 10
        {% endset %}
        {% set found = run_query(present) %}
        {% set values = found.columns[1].values() | list %}
        {% set label_values = found.rows[0][0] %}
        {{ ml_tracing._config_error(model.name, 'positive_label', "'" ~ model.positive_label ~ "' is none of the " ~ label_values ~ ' label values of '
            ~ ml_tracing.relation_label(model.predictions) ~ ' and its actuals, so no row would count as positive.',
            'one of ' ~ (values | join(', ')) ~ (', …' if label_values > values | length else '')) }}
    {% endfor %}
{% endmacro %}

{#- The row's label is the model's positive label: for model_case. -#}
{% macro _is_positive_label(model) %}
    {{- return('label = ' ~ ml_tracing.mlt_string_literal(model.positive_label)) -}}
{% endmacro %}
