{#- numerator / denominator for a spread or size that may be 0 (a standard deviation,
    |baseline|): ±infinity when the denominator is 0 (at most `tolerance`) and the
    numerator is not — a constant history that moved, a baseline of 0 that grew —,
    0 when both are, NULL when either is NULL. Pass SQL expressions. -#}
{% macro signed_ratio(numerator, denominator, tolerance='0') %}
    {%- set infinity = 'cast(' ~ "'Infinity'" ~ ' as ' ~ ml_tracing.mlt_type_double() ~ ')' -%}
    {{- return('case when ' ~ denominator ~ ' > ' ~ tolerance ~ ' then ' ~ ml_tracing.mlt_divide(numerator, denominator)
        ~ ' when abs(' ~ numerator ~ ') <= ' ~ tolerance ~ ' then 0'
        ~ ' when ' ~ numerator ~ ' > 0 then ' ~ infinity
        ~ ' when ' ~ numerator ~ ' < 0 then -' ~ infinity ~ ' end') -}}
{% endmacro %}
