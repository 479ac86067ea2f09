{#- Whether the package's semantic layer nodes are enabled: `vars.ml_tracing.semantic_layer`
    (default true) switches the semantic models, metrics and time spine off together;
    `part='time_spine'` also honours `vars.ml_tracing.time_spine` (default true) for
    projects that bring their own day time spine. -#}
{% macro semantic_layer_enabled(part='semantic_layer') %}
    {%- set settings = var('ml_tracing', {}) or {} -%}
    {%- set enabled = settings.get('semantic_layer', true) -%}
    {%- if part == 'time_spine' -%}
        {%- set enabled = enabled and settings.get('time_spine', true) -%}
    {%- endif -%}
    {{- return(enabled) -}}
{% endmacro %}
