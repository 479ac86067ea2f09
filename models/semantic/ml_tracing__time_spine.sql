{#- One row per day from 2000-01-01 to 2049-12-31: the day time spine the dbt semantic
    layer (MetricFlow) needs for the package's metrics. A project with its own day time
    spine sets `vars: ml_tracing: {time_spine: false}` (only one is allowed per grain).
    Built once: an incremental run appends nothing (Spark spent seconds rewriting it on every run). -#}
{{- config(enabled=ml_tracing.semantic_layer_enabled('time_spine'), materialized='incremental', incremental_strategy='append') -}}

with

digits as (
    select 0 as digit
    {%- for digit in range(1, 10) %}
    union all
    select {{ digit }} as digit
    {%- endfor %}
),

day_numbers as (
    select
        ones.digit
        + 10 * tens.digit
        + 100 * hundreds.digit
        + 1000 * thousands.digit
        + 10000 * ten_thousands.digit as day_number
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
    cross join digits as ten_thousands
),

final as (
    select cast({{ dbt.dateadd('day', 'day_number', "cast('2000-01-01' as date)") | trim }} as date) as date_day
    from day_numbers
    where day_number < 18263
    {%- if is_incremental() %}
        and false
    {%- endif %}
)

select * from final
