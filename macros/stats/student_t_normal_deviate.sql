{#- The standard normal deviate z with the same upper tail as Student's t with `dof`
    (possibly fractional) degrees of freedom: P(T > t) ≈ P(Z > z), so a two-sided
    p-value is 2 · normal_upper_tail(z) for t ≥ 0. No engine ships a t CDF; this is
    Hill's normalizing transformation (Comm. ACM 13(10), 1970, Algorithm 395):
        a = dof − ½,  b = 48a²,  y = a · ln(1 + t²/dof),
        z = √y · (1 + (y + 3 + (((−0.4y − 3.3)y − 24)y − 85.5) / (0.8y² + 100 + b)) / b).
    Two-sided p-values through `normal_upper_tail` are within 2.5e-5 of the exact
    distribution for dof ≥ 3 and 5e-7 for dof ≥ 5 (the normal tail's own 1.5e-7
    dominates above), and within 0.03 for 1 ≤ dof < 3 (tests resting on a handful
    of rows). Pass column names: `t` (≥ 0) and `dof` appear several times. -#}
{% macro student_t_normal_deviate(t, dof) %}
    {%- set y = '((' ~ dof ~ ' - 0.5) * ln(1 + ' ~ t ~ ' * ' ~ t ~ ' / ' ~ dof ~ '))' -%}
    {%- set b = '(48 * (' ~ dof ~ ' - 0.5) * (' ~ dof ~ ' - 0.5))' -%}
    {{- return('sqrt(' ~ y ~ ') * (1 + (' ~ y ~ ' + 3 + (((-0.4 * ' ~ y ~ ' - 3.3) * ' ~ y ~ ' - 24) * ' ~ y ~ ' - 85.5)'
        ~ ' / (0.8 * ' ~ y ~ ' * ' ~ y ~ ' + 100 + ' ~ b ~ ')) / ' ~ b ~ ')') -}}
{% endmacro %}
