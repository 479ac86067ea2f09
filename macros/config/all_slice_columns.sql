{#- The slice columns of all monitored models, one entry per name, in name order:
    the shared inference store has one column for each. -#}
{% macro all_slice_columns(models) %}
    {% set by_name = {} %}
    {% for model in models %}
        {% for column in model.slice_columns %}
            {% do by_name.update({column.name: column}) %}
        {% endfor %}
    {% endfor %}
    {{ return(by_name.values() | sort(attribute='name') | list) }}
{% endmacro %}
