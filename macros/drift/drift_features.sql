{#- What a model's drift is measured on: its configured `features`, then its
    prediction and actual. Each entry: {name, kind, bins}; `name` is a column of
    the staged predictions joined to the latest actuals. -#}
{% macro drift_features(model) %}
    {% set features = [] %}
    {% for feature in model.features %}
        {% do features.append({'name': feature.name, 'kind': feature.kind, 'bins': feature.bins}) %}
    {% endfor %}
    {% set outputs = {
        'binary_classification': [('predicted_score', 'numeric'), ('predicted_label', 'categorical'), ('actual_label', 'categorical')],
        'multiclass_classification': [('predicted_label', 'categorical'), ('actual_label', 'categorical')],
        'regression': [('predicted_value', 'numeric'), ('actual_value', 'numeric')],
    }[model.task] %}
    {% for role, kind in outputs %}
        {% set mapped = model.columns[role] and (model.actuals or not role.startswith('actual')) %}
        {% if mapped %}
            {% do features.append({'name': role, 'kind': kind, 'bins': model.drift_bins}) %}
        {% endif %}
    {% endfor %}
    {{ return(features) }}
{% endmacro %}
