{#- True for a prediction outside its domain: a score not in [0, 1] (binary), a label
    not among `classes` (multiclass). NULL predictions are counted as nulls, not here. -#}
{% macro out_of_domain_condition(model) %}
    {%- if model.task == 'binary_classification' and model.columns.predicted_score -%}
        {{- return('(predicted_score < 0 or predicted_score > 1)') -}}
    {%- elif model.task == 'multiclass_classification' -%}
        {%- set literals = [] -%}
        {%- for class in model.classes -%}{%- do literals.append("'" ~ (class | replace("'", "''")) ~ "'") -%}{%- endfor -%}
        {{- return('(predicted_label not in (' ~ literals | join(', ') ~ '))') -}}
    {%- endif -%}
    {{- return('false') -}}
{% endmacro %}
