{#- Rows of ml_tracing__data_quality from one source: one `select` per check,
    joined by UNION ALL, each giving model_name, window_start, check_name, subject,
    window_rows, observed_value and baseline_value.

    subject      the subject expression shared by the checks (unless a check sets its own)
    window_rows  the expression counting the window's rows
    checks       list of {check, observed, baseline (optional), subject (optional), where (optional)} -#}
{% macro _quality_check_rows(source, subject, window_rows, checks) %}
    {%- set no_baseline = 'cast(null as ' ~ ml_tracing.mlt_type_double() ~ ')' -%}
    {%- for check in checks %}
    {%- if not loop.first %}

    union all

    {%- endif %}
    select
        model_name,
        window_start,
        '{{ check.check }}' as check_name,
        {{ check.get('subject', subject) }} as subject,
        {{ window_rows }} as window_rows,
        {{ check.observed }} as observed_value,
        {{ check.get('baseline') or no_baseline }} as baseline_value
    from {{ source }}
    {%- if check.get('where') %}
    where {{ check.where }}
    {%- endif %}
    {%- endfor %}
{% endmacro %}
