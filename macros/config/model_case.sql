{#- `case when model_name = 'a' then <expression for a> ... else <default> end`,
    where `expression_macro(model)` gives each monitored model's expression, or,
    given as text, names the setting whose value it is (a macro passed by name
    is unknown to a test of the user's project, which sees only the macros it calls);
    without monitored models, `default` (cast to `empty_type` when given, where an
    untyped NULL would be text on PostgreSQL). -#}
{% macro model_case(models, expression_macro, default='null', empty_type=none) %}
    {%- if not models -%}
        {{- return(default if empty_type is none else 'cast(' ~ default ~ ' as ' ~ empty_type ~ ')') -}}
    {%- endif -%}
    {%- set branches = [] -%}
    {%- for model in models -%}
        {%- set expression = model[expression_macro] | string if expression_macro is string else expression_macro(model) -%}
        {%- do branches.append("when model_name = '" ~ model.name ~ "' then " ~ expression) -%}
    {%- endfor -%}
    {%- set otherwise = '' if default == 'null' else ' else ' ~ default -%}
    {{- return('case ' ~ (branches | join(' ')) ~ otherwise ~ ' end') -}}
{% endmacro %}

{#- The start of the window a prediction falls in, at the model's grain. -#}
{% macro window_start_expression(model) %}
    {{- return('cast(' ~ dbt.date_trunc(model.window_grain, 'predicted_at') ~ ' as date)') -}}
{% endmacro %}

{#- The row's own window: for model_case over models whose baseline is per window. -#}
{% macro window_start_column(model) %}
    {{- return('window_start') -}}
{% endmacro %}
