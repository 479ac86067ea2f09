{#- Floating-point division that yields NULL instead of an error on a zero denominator.
    The cast keeps integer counts from integer division (PostgreSQL). -#}
{% macro mlt_divide(numerator, denominator) %}
    {{- return(adapter.dispatch('mlt_divide', 'ml_tracing')(numerator, denominator)) -}}
{% endmacro %}

{% macro default__mlt_divide(numerator, denominator) -%}
    cast({{ numerator }} as {{ ml_tracing.mlt_type_double() }}) / nullif({{ denominator }}, 0)
{%- endmacro %}
