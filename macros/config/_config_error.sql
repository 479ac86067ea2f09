{#- Raise a compile error that names the monitored model, the setting and what is valid. -#}
{% macro _config_error(model_name, key, problem, valid=none) %}
    {%- set message -%}
ml_tracing configuration error — model '{{ model_name }}', setting '{{ key }}': {{ problem }}
{%- if valid is not none %} Valid: {{ valid }}.{% endif %}
 (Settings live under `vars: ml_tracing: models:` in dbt_project.yml; see the README's Configuration section.)
    {%- endset -%}
    {{ exceptions.raise_compiler_error(message) }}
{% endmacro %}
