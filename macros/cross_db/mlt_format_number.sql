{#- A number as short readable text for slice labels: integers without a decimal
    point, other values rounded to 4 decimals (mlt_decimal_text). -#}
{% macro mlt_format_number(expression) %}
    {{- return(adapter.dispatch('mlt_format_number', 'ml_tracing')(expression)) -}}
{% endmacro %}

{% macro default__mlt_format_number(expression) -%}
    case
        when {{ expression }} = floor({{ expression }}) and abs({{ expression }}) < 1e15
            then cast(cast({{ expression }} as bigint) as {{ dbt.type_string() }})
        else {{ ml_tracing.mlt_decimal_text(expression) }}
    end
{%- endmacro %}

{#- A double rounded to 4 decimals as text, without trailing zeros or an exponent. -#}
{% macro mlt_decimal_text(expression) %}
    {{- return(adapter.dispatch('mlt_decimal_text', 'ml_tracing')(expression)) -}}
{% endmacro %}

{% macro default__mlt_decimal_text(expression) -%}
    cast(round({{ expression }}, 4) as {{ dbt.type_string() }})
{%- endmacro %}

{#- PostgreSQL has no round(double precision, integer): round as numeric. -#}
{% macro postgres__mlt_decimal_text(expression) -%}
    cast(trim_scale(round(cast({{ expression }} as numeric), 4)) as {{ dbt.type_string() }})
{%- endmacro %}

{#- Spark writes doubles below 1e-3 or from 1e7 in scientific notation (1.0E-4):
    a fixed 4-decimal text with its trailing zeros removed reads as on the other engines. -#}
{% macro spark__mlt_decimal_text(expression) -%}
    regexp_replace(cast(cast(round({{ expression }}, 4) as decimal(38, 4)) as {{ dbt.type_string() }}), '[.]?0+$', '')
{%- endmacro %}
