{#- The key of a parent of a slice — the slice with one condition fewer — as SQL
    over the slice's `slice_key` column of `depth` conditions: the key without its
    `removed`-th condition (1-based). Conditions are joined by ' & ' in column-name
    order, and values never contain '&' (it is percent-encoded), so splitting on
    ' & ' is exact and the remaining conditions stay in canonical order. A slice of
    depth 1 has the whole window, 'all', as its only parent. -#}
{% macro parent_slice_key(slice_key, depth, removed) %}
    {%- if depth == 1 -%}
        {{- return("'all'") -}}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for position in range(1, depth + 1) if position != removed -%}
        {%- do parts.append(ml_tracing.mlt_split_part(slice_key, "' & '", position)) -%}
    {%- endfor -%}
    {{- return(parts | join(" || ' & ' || ")) -}}
{% endmacro %}
