{#- Unbiased sample variance from additive components: n rows whose values sum to
    `total` and whose squares sum to `sum_squares`,
        (Σx² − (Σx)²/n) / (n − 1),
    clipped at 0 (rounding can push a constant sample's variance below it);
    NULL below 2 rows. Pass column names. -#}
{% macro sample_variance(n, total, sum_squares) %}
    {{- return('case when ' ~ n ~ ' >= 2 then greatest((' ~ sum_squares ~ ' - ' ~ total ~ ' * ' ~ total ~ ' / ' ~ n
        ~ ') / (' ~ n ~ ' - 1), 0) end') -}}
{% endmacro %}
