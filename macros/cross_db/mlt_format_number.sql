{#- A number as short readable text for slice labels: integers without a decimal
    point, other values rounded to 4 decimals. -#}
{% macro mlt_format_number(expression) %}
    {{- return(adapter.dispatch('mlt_format_number', 'ml_tracing')(expression)) -}}
{% endmacro %}

{% macro default__mlt_format_number(expression) -%}
    case
        when {{ expression }} = floor({{ expression }}) and abs({{ expression }}) < 1e15
            then cast(cast({{ expression }} as bigint) as {{ dbt.type_string() }})
        else cast(round({{ expression }}, 4) as {{ dbt.type_string() }})
    end
{%- endmacro %}

{% macro postgres__mlt_format_number(expression) -%}
    case
        when {{ expression }} = floor({{ expression }}) and abs({{ expression }}) < 1e15
            then cast(cast({{ expression }} as bigint) as {{ dbt.type_string() }})
        else cast(trim_scale(round(cast({{ expression }} as numeric), 4)) as {{ dbt.type_string() }})
    end
{%- endmacro %}
