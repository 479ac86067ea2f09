{#- The additive components of a task's metrics, as (name, row-level SQL) pairs.
    Evaluated on `ml_tracing__inferences` rows; every metric in `metric_catalog`
    is a formula over their sums, so they roll up across slices and windows.
    A row without an actual (or without a prediction) contributes 0 to all but
    `n_rows` / `n_predicted`, so late or missing actuals never break a metric.
    `sum_sq_*` / `sum_fourth_power_error` are sums of squares of the per-row values
    of mean-type metrics (log loss, Brier, |error|% and error²; `sum_sq_error` also
    serves MAE and the mean error, |e|² = e²): the variance behind their confidence
    intervals and Welch tests. Counts are named `n_*` or `class_*` (summed_component
    keeps their sums 64-bit integers); every other component is a float. -#}
{% macro metric_components(task, classes=[], calibration_bins=10) %}
    {% set components = [('n_rows', '1')] %}
    {% if task == 'binary_classification' %}
        {% set evaluated = 'is_predicted_positive is not null and is_actual_positive is not null' %}
        {% set scored = 'predicted_score between 0 and 1 and is_actual_positive is not null' %}
        {% set actual01 = '(case when is_actual_positive then 1.0 else 0.0 end)' %}
        {% set clipped = 'least(greatest(predicted_score, 1e-15), 1 - 1e-15)' %}
        {% set log_loss = '(-1.0 * (case when is_actual_positive then ln(' ~ clipped ~ ') else ln(1 - ' ~ clipped ~ ') end))' %}
        {% set brier = '((predicted_score - ' ~ actual01 ~ ') * (predicted_score - ' ~ actual01 ~ '))' %}
        {% do components.extend([
            ('n_predicted', ml_tracing._indicator('is_predicted_positive is not null')),
            ('n_predicted_positive', ml_tracing._indicator('is_predicted_positive')),
            ('n_evaluated', ml_tracing._indicator(evaluated)),
            ('n_correct', ml_tracing._indicator(evaluated ~ ' and is_predicted_positive = is_actual_positive')),
            ('n_tp', ml_tracing._indicator('is_predicted_positive and is_actual_positive')),
            ('n_fp', ml_tracing._indicator('is_predicted_positive and not is_actual_positive')),
            ('n_tn', ml_tracing._indicator('not is_predicted_positive and not is_actual_positive')),
            ('n_fn', ml_tracing._indicator('not is_predicted_positive and is_actual_positive')),
            ('n_scored', ml_tracing._indicator(scored)),
            ('sum_log_loss', ml_tracing._sum_if(scored, log_loss)),
            ('sum_brier', ml_tracing._sum_if(scored, brier)),
            ('sum_sq_log_loss', ml_tracing._sum_if(scored, log_loss ~ ' * ' ~ log_loss)),
            ('sum_sq_brier', ml_tracing._sum_if(scored, brier ~ ' * ' ~ brier)),
        ]) %}
        {% for bin in range(calibration_bins) %}
            {#- equal-width score bins; a score of exactly 1 falls in the last bin -#}
            {% set in_bin = scored ~ ' and least(floor(predicted_score * ' ~ calibration_bins ~ '), ' ~ (calibration_bins - 1) ~ ') = ' ~ bin %}
            {% do components.append(('calibration_residual_' ~ bin, 'case when ' ~ in_bin ~ ' then predicted_score - ' ~ actual01 ~ ' else 0.0 end')) %}
        {% endfor %}
    {% elif task == 'multiclass_classification' %}
        {% set evaluated = 'predicted_label is not null and actual_label is not null' %}
        {% do components.extend([
            ('n_predicted', ml_tracing._indicator('predicted_label is not null')),
            ('n_evaluated', ml_tracing._indicator(evaluated)),
            ('n_correct', ml_tracing._indicator(evaluated ~ ' and predicted_label = actual_label')),
        ]) %}
        {% for class in classes %}
            {% set literal = ml_tracing.mlt_string_literal(class | string) %}
            {% do components.extend([
                ('class_tp_' ~ loop.index, ml_tracing._indicator(evaluated ~ ' and predicted_label = ' ~ literal ~ ' and actual_label = ' ~ literal)),
                ('class_predicted_' ~ loop.index, ml_tracing._indicator(evaluated ~ ' and predicted_label = ' ~ literal)),
                ('class_actual_' ~ loop.index, ml_tracing._indicator(evaluated ~ ' and actual_label = ' ~ literal)),
            ]) %}
        {% endfor %}
    {% elif task == 'regression' %}
        {% set evaluated = 'predicted_value is not null and actual_value is not null' %}
        {% set error = '(predicted_value - actual_value)' %}
        {% set abs_pct_error = '(abs' ~ error ~ ' / abs(actual_value))' %}
        {% do components.extend([
            ('n_predicted', ml_tracing._indicator('predicted_value is not null')),
            ('n_evaluated', ml_tracing._indicator(evaluated)),
            ('sum_error', ml_tracing._sum_if(evaluated, error)),
            ('sum_abs_error', ml_tracing._sum_if(evaluated, 'abs' ~ error)),
            ('sum_sq_error', ml_tracing._sum_if(evaluated, error ~ ' * ' ~ error)),
            ('n_zero_actual', ml_tracing._indicator(evaluated ~ ' and actual_value = 0')),
            ('sum_abs_pct_error', ml_tracing._sum_if(evaluated ~ ' and actual_value <> 0', abs_pct_error)),
            ('sum_fourth_power_error', ml_tracing._sum_if(evaluated, error ~ ' * ' ~ error ~ ' * ' ~ error ~ ' * ' ~ error)),
            ('sum_sq_abs_pct_error', ml_tracing._sum_if(evaluated ~ ' and actual_value <> 0', abs_pct_error ~ ' * ' ~ abs_pct_error)),
            ('sum_abs_actual', ml_tracing._sum_if(evaluated, 'abs(actual_value)')),
            ('sum_actual', ml_tracing._sum_if(evaluated, 'actual_value')),
            ('sum_sq_actual', ml_tracing._sum_if(evaluated, 'actual_value * actual_value')),
        ]) %}
    {% endif %}
    {{ return(components) }}
{% endmacro %}

{#- The SQL summing a component (`expression` over the rows, the component's own
    column by default). A count stays a 64-bit integer: DuckDB widens the sum of an
    integer to a 128-bit HUGEINT and PostgreSQL the sum of a bigint to numeric, so
    each roll-up step would sum, and the slice tuples store, a wider type. -#}
{% macro summed_component(component, expression=none) %}
    {%- set total = 'sum(' ~ (expression or component) ~ ')' -%}
    {%- if component.startswith('n_') or component.startswith('class_') -%}
        {%- set total = 'cast(' ~ total ~ ' as ' ~ dbt.type_bigint() ~ ')' -%}
    {%- endif -%}
    {{- return(total) -}}
{% endmacro %}

{% macro _indicator(condition) %}
    {{- return('case when ' ~ condition ~ ' then 1 else 0 end') -}}
{% endmacro %}

{% macro _sum_if(condition, value) %}
    {{- return('case when ' ~ condition ~ ' then ' ~ value ~ ' else 0.0 end') -}}
{% endmacro %}

{#- The union of component names over the monitored models, in a stable order,
    so that one wide table can hold every model's components. -#}
{% macro component_names(models) %}
    {#- without monitored models, the two every task has: the tables keep their shape -#}
    {% set names = [] if models else ['n_rows', 'n_evaluated'] %}
    {% for model in models %}
        {% for name, expression in ml_tracing.metric_components(model.task, model.classes) %}
            {% if name not in names %}{% do names.append(name) %}{% endif %}
        {% endfor %}
    {% endfor %}
    {{ return(names) }}
{% endmacro %}

{#- The components the slice pipeline (slice tuples, rollup, baselines, slice
    metrics) carries: `n_rows`, `n_evaluated` and those the configured metrics'
    values and statistics read, per model, in component_names' order. Each summed
    column costs time at every grouping set, so unused ones are left out. -#}
{% macro slice_component_names(models) %}
    {% set names = [] if models else ml_tracing.component_names(models) %}
    {% for model in models %}
        {% set formulas = [] %}
        {% for metric in model.metrics %}
            {% do formulas.extend(ml_tracing.metric_value(metric, '', model.classes).values() | reject('none')) %}
            {% do formulas.extend((ml_tracing.metric_sample(metric) or {}).values()) %}
        {% endfor %}
        {% set read = formulas | join(' ') %}
        {% for name, expression in ml_tracing.metric_components(model.task, model.classes) %}
            {% if name in ('n_rows', 'n_evaluated') or modules.re.search('\\b' ~ name ~ '\\b', read) %}
                {% if name not in names %}{% do names.append(name) %}{% endif %}
            {% endif %}
        {% endfor %}
    {% endfor %}
    {{ return(names) }}
{% endmacro %}
