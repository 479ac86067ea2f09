{#- 'higher_is_better', 'lower_is_better' or 'none' for a metric of the catalog. -#}
{% macro metric_direction(metric_name) %}
    {% set higher = ml_tracing.metric_catalog()[metric_name].higher_is_better %}
    {{ return('none' if higher is none else ('higher_is_better' if higher else 'lower_is_better')) }}
{% endmacro %}
