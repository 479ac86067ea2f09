{#- `select * from <prefix><model> union all ...` over the per-model CTEs a model
    builds; `empty` (a typed select returning no rows) when no model is configured. -#}
{% macro union_ctes(prefix, models, empty) %}
    {%- if not models -%}{{ return(empty) }}{%- endif -%}
    {%- set selects = [] -%}
    {%- for model in models -%}{%- do selects.append('select * from ' ~ prefix ~ model.name) -%}{%- endfor -%}
    {{- return(selects | join('\n    union all\n    ')) -}}
{% endmacro %}
