{#- SQL for one metric over summed components whose column names start with `prefix`.
    Returns {'value': ..., 'weight': ..., 'support': ..., 'rows': ...}: `weight` is
    the ratio's denominator (none for non-ratio metrics), used for the baseline
    decomposition; `rows` the count of rows the value rests on (the catalog's
    `rows`, else the support).
    Undefined values (recall with no positives) are NULL, never a division error. -#}
{% macro metric_value(metric_name, prefix='', classes=[], calibration_bins=10) %}
    {% set spec = ml_tracing.metric_catalog()[metric_name] %}
    {% set rows = '(' ~ (spec.get('rows') or spec.get('denominator') or spec.support) | replace('@', prefix) ~ ')' %}
    {% if spec.get('numerator') %}
        {% set numerator = spec.numerator | replace('@', prefix) %}
        {% set denominator = spec.denominator | replace('@', prefix) %}
        {{ return({
            'value': ml_tracing.mlt_divide(numerator, denominator),
            'weight': '(' ~ denominator ~ ')',
            'support': '(' ~ denominator ~ ')',
            'rows': rows,
        }) }}
    {% endif %}
    {% set p = prefix %}
    {% if spec.formula == 'rmse' %}
        {% set value = 'sqrt(' ~ ml_tracing.mlt_divide(p ~ 'sum_sq_error', p ~ 'n_evaluated') ~ ')' %}
    {% elif spec.formula == 'r2' %}
        {#- 1 - SSE / SST, with SST = Σa² − (Σa)²/n from summed squares. NULL when the
            actuals are constant or their spread is below what doubles resolve at their
            size: SST under 1e-8 of Σa² (a standard deviation under 1e-4 of their root
            mean square), where the subtraction leaves mostly rounding error. -#}
        {% set total_sum_squares = '(' ~ p ~ 'sum_sq_actual - ' ~ ml_tracing.mlt_divide(p ~ 'sum_actual * ' ~ p ~ 'sum_actual', p ~ 'n_evaluated') ~ ')' %}
        {% set value = '1 - ' ~ ml_tracing.mlt_divide(p ~ 'sum_sq_error', 'case when ' ~ total_sum_squares ~ ' > 1e-8 * ' ~ p ~ 'sum_sq_actual then ' ~ total_sum_squares ~ ' end') %}
    {% elif spec.formula == 'calibration_error' %}
        {#- expected calibration error: sum over score bins of |sum(score - actual)| / scored rows -#}
        {% set gaps = [] %}
        {% for bin in range(calibration_bins) %}
            {% do gaps.append('abs(' ~ p ~ 'calibration_residual_' ~ bin ~ ')') %}
        {% endfor %}
        {% set value = ml_tracing.mlt_divide(gaps | join(' + '), p ~ 'n_scored') %}
    {% else %}
        {#- macro averages over the classes present in the slice (predicted or actual),
            a class's undefined ratio counting as 0 (scikit-learn's zero_division=0) -#}
        {% set per_class = [] %}
        {% set present = [] %}
        {% for class in classes %}
            {% set tp = p ~ 'class_tp_' ~ loop.index %}
            {% set predicted = p ~ 'class_predicted_' ~ loop.index %}
            {% set actual = p ~ 'class_actual_' ~ loop.index %}
            {% set denominator = {'macro_precision': predicted, 'macro_recall': actual,
                                  'macro_f1': predicted ~ ' + ' ~ actual}[spec.formula] %}
            {% set numerator = '2 * ' ~ tp if spec.formula == 'macro_f1' else tp %}
            {% do per_class.append('coalesce(' ~ ml_tracing.mlt_divide(numerator, denominator) ~ ', 0)') %}
            {% do present.append('case when ' ~ predicted ~ ' + ' ~ actual ~ ' > 0 then 1 else 0 end') %}
        {% endfor %}
        {% set value = ml_tracing.mlt_divide(per_class | join(' + '), present | join(' + ')) %}
    {% endif %}
    {{ return({'value': value, 'weight': none, 'support': '(' ~ (spec.support | replace('@', prefix)) ~ ')', 'rows': rows}) }}
{% endmacro %}
