{#- P(Z > z) for a standard normal Z, by Abramowitz & Stegun 26.2.17 (absolute error
    below 7.5e-8), in plain SQL: no engine ships a normal or chi-square CDF. -#}
{% macro normal_upper_tail(z) %}
    {%- set t = '(1 / (1 + 0.2316419 * abs(' ~ z ~ ')))' -%}
    {%- set tail = ml_tracing.mlt_exp('-0.5 * ' ~ z ~ ' * ' ~ z) ~ ' / 2.5066282746310002 * ' ~ t ~ ' * (0.319381530 + '
        ~ t ~ ' * (-0.356563782 + ' ~ t ~ ' * (1.781477937 + ' ~ t ~ ' * (-1.821255978 + ' ~ t ~ ' * 1.330274429))))' -%}
    {{- return('case when ' ~ z ~ ' >= 0 then ' ~ tail ~ ' else 1 - ' ~ tail ~ ' end') -}}
{% endmacro %}

{#- The p-value of a chi-square statistic with `dof` degrees of freedom: exact for
    1 (2·P(Z > √x)) and 2 (e^(−x/2)) degrees of freedom; above, the Wilson–Hilferty
    cube-root normal approximation (within 0.0056 of the exact value, at 3 degrees of
    freedom and x near 0.18; within 0.0033 from 4). The degrees of
    freedom are cast to double: Spark divides decimal literals (2.0 / 9) to 6 places. -#}
{% macro chi_square_p_value(statistic, dof) %}
    {%- set dof = 'cast(' ~ dof ~ ' as ' ~ ml_tracing.mlt_type_double() ~ ')' -%}
    {%- set one_third = 'cast(1 as ' ~ ml_tracing.mlt_type_double() ~ ') / 3' -%}
    {%- set wilson_hilferty = '((power(' ~ statistic ~ ' / ' ~ dof ~ ', ' ~ one_third ~ ') - (1 - 2 / (9 * ' ~ dof ~ ')))'
        ~ ' / sqrt(2 / (9 * ' ~ dof ~ ')))' -%}
    {{- return('case'
        ~ ' when ' ~ dof ~ ' = 1 then 2 * (' ~ ml_tracing.normal_upper_tail('sqrt(' ~ statistic ~ ')') ~ ')'
        ~ ' when ' ~ dof ~ ' = 2 then ' ~ ml_tracing.mlt_exp('-0.5 * ' ~ statistic)
        ~ ' when ' ~ dof ~ ' > 2 then ' ~ ml_tracing.normal_upper_tail(wilson_hilferty)
        ~ ' end') -}}
{% endmacro %}
