{#- The slice columns (and, with include_features, the drift features) of all
    monitored models, one entry per name, in name order: the shared staging and
    inference store have one column for each. -#}
{% macro all_slice_columns(models, include_features=false) %}
    {% set by_name = {} %}
    {% for model in models %}
        {% for column in model.slice_columns + (model.features if include_features else []) %}
            {% do by_name.update({column.name: column}) %}
        {% endfor %}
    {% endfor %}
    {{ return(by_name.values() | sort(attribute='name') | list) }}
{% endmacro %}
