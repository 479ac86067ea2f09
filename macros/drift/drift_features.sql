{#- What a model's drift is measured on: its configured `features`, then its
    prediction and actual. Each entry: {name, kind, bins, is_actual}; `name` is a
    column of the staged predictions joined to the latest actuals. The actual is
    measured on the predictions whose actual arrived (`is_actual`): one not in yet
    is late, not drift (actuals_coverage reports it). -#}
{% macro drift_features(model) %}
    {% set features = [] %}
    {% for feature in model.features %}
        {% do features.append({'name': feature.name, 'kind': feature.kind, 'bins': feature.bins, 'is_actual': false}) %}
    {% endfor %}
    {% set outputs = {
        'binary_classification': [('predicted_score', 'numeric'), ('predicted_label', 'categorical'), ('actual_label', 'categorical')],
        'multiclass_classification': [('predicted_label', 'categorical'), ('actual_label', 'categorical')],
        'regression': [('predicted_value', 'numeric'), ('actual_value', 'numeric')],
    }[model.task] %}
    {% for role, kind in outputs %}
        {% set mapped = model.columns[role] and (model.actuals or not role.startswith('actual')) %}
        {% if mapped %}
            {% do features.append({'name': role, 'kind': kind, 'bins': model.drift_bins, 'is_actual': role.startswith('actual')}) %}
        {% endif %}
    {% endfor %}
    {{ return(features) }}
{% endmacro %}
