{#- Raise a compile error that names the monitored model (none: the project's
    `defaults`), the setting and what is valid; `see` points to the README section
    that explains it (by default the settings themselves). -#}
{% macro _config_error(model_name, key, problem, valid=none, see=none) %}
    {%- set message -%}
ml_tracing configuration error — {% if model_name is none %}`vars: ml_tracing: defaults:`{% else %}model '{{ model_name }}'{% endif %}, setting '{{ key }}': {{ problem }}
{%- if valid is not none %} Valid: {{ valid }}.{% endif %}
 ({{ see or "Settings live under `vars: ml_tracing: models:` in dbt_project.yml; see the README's Configuration section." }})
    {%- endset -%}
    {{ exceptions.raise_compiler_error(message) }}
{% endmacro %}
