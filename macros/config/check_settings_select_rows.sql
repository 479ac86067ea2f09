{#- Run-time half of the configuration check: a baseline that selects no rows can
    only be known once the predictions are in. Called while
    int_ml_tracing__scoped_predictions compiles (after the checks are built), on the
    kept predictions and the configuration as it is now: a model with predictions
    whose environment, fixed-period or model-version baseline selects none of them
    is an error naming the model, the baseline and what the data holds. An empty
    predictions table is not an error, nor is a rolling baseline (the first window
    never has one). -#}
{% macro check_baselines_select_rows(models) %}
    {% if not execute %}{{ return('') }}{% endif %}
    {% set checked = models | rejectattr('baseline.kind', 'equalto', 'rolling') | list %}
    {% set checks = load_relation(ref('int_ml_tracing__prediction_checks')) %}
    {% if not checked or checks is none %}{{ return('') }}{% endif %}
    {% set scoped %}
        (
            select
                model_name,
                predicted_at,
                environment,
                model_version,
                {{ model_case(checked, current_rows_condition, 'false') }} as is_current,
                {{ model_case(checked, baseline_rows_condition, 'false') }} as is_baseline
            from {{ checks }}
            where rejection_reason is null
        ) as kept_predictions
    {% endset %}
    {% set counts %}
        select
            model_name,
            sum(case when is_baseline then 1 else 0 end) as baseline_rows,
            count(*) as input_rows
        from {{ scoped }}
        where model_name in {{ model_name_list(checked) }}
        group by model_name
    {% endset %}
    {% for row in run_query(counts).rows if row[1] == 0 and row[2] > 0 %}
        {% set model = checked | selectattr('name', 'equalto', row[0]) | first %}
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
        {{ _config_error(model.name, 'baseline', '{' ~ (shown | join(', ')) ~ '} selects none of the ' ~ row[2] ~ ' predictions of ' ~ relation_label(model.predictions) ~ '.', valid) }}
    {% endfor %}
    {{ return('') }}
{% endmacro %}
