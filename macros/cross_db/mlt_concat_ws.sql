{#- Join the non-NULL strings of `expressions` with `separator` (NULLs are skipped). -#}
{% macro mlt_concat_ws(separator, expressions) %}
    {{- return(adapter.dispatch('mlt_concat_ws', 'ml_tracing')(separator, expressions)) -}}
{% endmacro %}

{% macro default__mlt_concat_ws(separator, expressions) -%}
    {%- if not expressions -%}''{%- else -%}
    concat_ws(
            '{{ separator }}',
            {{ expressions | join(',\n            ') }}
        )
    {%- endif -%}
{%- endmacro %}
