{#- How much worse `value` is than `reference`, by the row's `metric_direction`
    column: reference − value for higher-is-better metrics, value − reference for
    lower-is-better ones, the absolute difference for metrics without a direction. -#}
{% macro worsening(value, reference) %}
    {{- return('case metric_direction'
        ~ " when 'higher_is_better' then " ~ reference ~ ' - ' ~ value
        ~ " when 'lower_is_better' then " ~ value ~ ' - ' ~ reference
        ~ ' else abs(' ~ value ~ ' - ' ~ reference ~ ') end') -}}
{% endmacro %}
