{#- True for a value outside its domain. `subject='prediction'`: a score not in
    [0, 1] (binary), a label not among `classes` (multiclass); `subject='actual'`: an
    actual label not among `classes` (multiclass). NULLs are counted as nulls, not here. -#}
{% macro out_of_domain_condition(model, subject='prediction') %}
    {%- if subject == 'prediction' and model.task == 'binary_classification' and model.columns.predicted_score -%}
        {{- return('(predicted_score < 0 or predicted_score > 1)') -}}
    {%- elif model.task == 'multiclass_classification' -%}
        {%- set literals = [] -%}
        {%- for class in model.classes -%}{%- do literals.append(ml_tracing.mlt_string_literal(class | string)) -%}{%- endfor -%}
        {{- return('(' ~ ('predicted_label' if subject == 'prediction' else 'actual_label') ~ ' not in (' ~ literals | join(', ') ~ '))') -}}
    {%- endif -%}
    {{- return('false') -}}
{% endmacro %}

{#- The same condition on the actual: for model_case, which passes only the model. -#}
{% macro actual_out_of_domain_condition(model) %}
    {{- return(ml_tracing.out_of_domain_condition(model, 'actual')) -}}
{% endmacro %}
