{#- The baseline's columns of a KS point (int_ml_tracing__numeric_drift), over the
    rows of `partition` (a window's PARTITION BY clause): its rows at or below the
    point's value, its rows in all, and its range. -#}
{% macro ks_baseline_columns(partition) -%}
sum(baseline_count) over ({{ partition }} order by numeric_value range between unbounded preceding and current row) as baseline_at_or_below,
sum(baseline_count) over ({{ partition }}) as baseline_rows,
min(case when baseline_count > 0 then numeric_value end) over ({{ partition }}) as baseline_min,
max(case when baseline_count > 0 then numeric_value end) over ({{ partition }}) as baseline_max
{%- endmacro %}
