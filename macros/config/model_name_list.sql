{#- `('a', 'b')`: the names of the given monitored models as a SQL list for
    `model_name in ...` (`('')`, matching nothing, when there are none). -#}
{% macro model_name_list(models) %}
    {%- set literals = [] -%}
    {%- for model in models -%}{%- do literals.append("'" ~ model.name ~ "'") -%}{%- endfor -%}
    {{- return('(' ~ (literals | join(', ') or "''") ~ ')') -}}
{% endmacro %}
