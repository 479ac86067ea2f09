{#- `select <n> as <column> union all ...`: one row per number of `numbers` (a
    range or a list), for a CTE of whole numbers to join with. -#}
{% macro number_rows(column, numbers) %}
    {%- set selects = [] -%}
    {%- for number in numbers -%}{%- do selects.append('select ' ~ number ~ ' as ' ~ column) -%}{%- endfor -%}
    {{- return(selects | join('\n    union all\n    ')) -}}
{% endmacro %}
