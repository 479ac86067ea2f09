{#- Wilson score interval of `successes` out of `n` at normal quantile `z`:
        (s + z²/2 ± z √(s (n − s) / n + z²/4)) / (n + z²)
    — the same as (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). It stays
    inside [0, 1] and behaves at 0 and n successes (where the bound is exactly 0 or
    1, set so rather than left to rounding). Returns {'lower', 'upper'}; NULL for
    n = 0. Pass column names (or numbers). -#}
{% macro wilson_interval(successes, n, z) %}
    {%- set z2 = '(' ~ z ~ ' * ' ~ z ~ ')' -%}
    {%- set centre = '(' ~ successes ~ ' + ' ~ z2 ~ ' / 2)' -%}
    {%- set half = z ~ ' * sqrt(' ~ successes ~ ' * (' ~ n ~ ' - ' ~ successes ~ ') / ' ~ n ~ ' + ' ~ z2 ~ ' / 4)' -%}
    {{- return({
        'lower': 'case when ' ~ successes ~ ' = 0 and ' ~ n ~ ' > 0 then 0 when ' ~ n ~ ' > 0 then ('
            ~ centre ~ ' - ' ~ half ~ ') / (' ~ n ~ ' + ' ~ z2 ~ ') end',
        'upper': 'case when ' ~ successes ~ ' = ' ~ n ~ ' and ' ~ n ~ ' > 0 then 1 when ' ~ n ~ ' > 0 then ('
            ~ centre ~ ' + ' ~ half ~ ') / (' ~ n ~ ' + ' ~ z2 ~ ') end',
    }) -}}
{% endmacro %}
