{#- e to the power x. PostgreSQL raises an underflow error where the result is below
    the smallest double (x < -745) instead of returning 0; its version returns 0
    below -700 (e^-700 ≈ 1e-304), which no statistic here can tell from 0. -#}
{% macro mlt_exp(x) %}
    {{- return(adapter.dispatch('mlt_exp', 'ml_tracing')(x)) -}}
{% endmacro %}

{% macro default__mlt_exp(x) -%}
    exp({{ x }})
{%- endmacro %}

{% macro postgres__mlt_exp(x) -%}
    case when {{ x }} < -700 then 0 else exp({{ x }}) end
{%- endmacro %}
