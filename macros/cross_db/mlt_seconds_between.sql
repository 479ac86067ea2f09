{#- Seconds from timestamp `start` to timestamp `finish` (negative if finish is earlier). -#}
{% macro mlt_seconds_between(start, finish) %}
    {{- return(adapter.dispatch('mlt_seconds_between', 'ml_tracing')(start, finish)) -}}
{% endmacro %}

{% macro default__mlt_seconds_between(start, finish) -%}
    extract(epoch from ({{ finish }} - {{ start }}))
{%- endmacro %}

{% macro spark__mlt_seconds_between(start, finish) -%}
    (unix_micros({{ finish }}) - unix_micros({{ start }})) / 1e6
{%- endmacro %}
