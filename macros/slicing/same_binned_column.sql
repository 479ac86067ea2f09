{#- Join condition of int_ml_tracing__bin_edges: rows of `left` and `right` (relation
    names) are of the same binned column (model, purpose and column) and agree on
    the further `keys` (column names). -#}
{% macro _same_binned_column(left, right, keys=[]) %}
    {%- set conditions = [] -%}
    {%- for key in ['model_name', 'bin_purpose', 'column_name'] + keys -%}
        {%- do conditions.append(left ~ '.' ~ key ~ ' = ' ~ right ~ '.' ~ key) -%}
    {%- endfor -%}
    {{- return(conditions | join('\n        and ')) -}}
{% endmacro %}
