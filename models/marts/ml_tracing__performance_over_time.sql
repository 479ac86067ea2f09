{#- One row per model, window and metric: the whole window's value, its baseline,
    and the rolling mean and standard deviation of the previous `rolling_windows`
    windows with the window's z-score against them (from 3 earlier windows on).
    A NULL value says why in `metric_null_reason`. A window whose metric rests on
    fewer than `min_window_rows` rows is `too_few_rows`: it is not judged, and it
    is left out of the later windows' rolling mean and standard deviation (its
    noise would inflate them). Likewise a baseline value resting on fewer rows
    (a champion that served a handful of labelled rows that day) has
    `baseline_status` `too_few_rows`, and the window's change against it is not
    judged; `no_baseline` when the baseline has no rows. -#}
{%- set models = ml_tracing.monitored_models() -%}

with

window_metrics as (
    select
        *,
        {{ ml_tracing.model_case(models, 'min_window_rows', empty_type=dbt.type_int()) }} as min_window_rows
    from {{ ref('ml_tracing__slice_metrics') }}
    where slice_depth = 0
),

overall as (
    select
        *,
        case when coalesce(metric_rows, 0) >= min_window_rows then 'ok' else 'too_few_rows' end as window_status,
        case
            when baseline_metric_rows is null then 'no_baseline'
            when baseline_metric_rows >= min_window_rows then 'ok'
            else 'too_few_rows'
        end as baseline_status
    from window_metrics
),

{% for model in models -%}
rolling_{{ model.name }} as (
    {%- set previous = 'partition by metric_name order by window_start rows between ' ~ model.rolling_windows ~ ' preceding and 1 preceding' %}
    {%- set judged = "case when window_status = 'ok' then metric_value end" %}
    select
        *,
        avg({{ judged }}) over ({{ previous }}) as rolling_mean,
        stddev_samp({{ judged }}) over ({{ previous }}) as rolling_stddev,
        count({{ judged }}) over ({{ previous }}) as rolling_window_count
    from overall
    where model_name = '{{ model.name }}'
),

{% endfor -%}
with_rolling as (
    {%- set empty %}
    select
        *,
        metric_value as rolling_mean,
        metric_value as rolling_stddev,
        slice_rows as rolling_window_count
    from overall
    where 1 = 0
    {%- endset %}
    {{ ml_tracing.union_ctes('rolling_', models, empty) }}
),

final as (
    select
        model_name,
        window_start,
        metric_name,
        is_primary_metric,
        metric_direction,
        slice_rows as window_rows,
        evaluated_rows,
        {{ ml_tracing.mlt_divide('evaluated_rows', 'slice_rows') }} as evaluated_share,
        metric_value,
        case
            when metric_value is not null then null
            when model_name in {{ ml_tracing.model_name_list(models | rejectattr('actuals')) }} then 'no_actuals_configured'
            when evaluated_rows = 0 then 'no_evaluated_rows'
            else 'undefined'
        end as metric_null_reason,
        metric_support,
        coalesce(metric_rows, 0) as metric_rows,
        window_status,
        baseline_value,
        baseline_rows,
        baseline_metric_rows,
        baseline_status,
        baseline_delta,
        rolling_mean,
        rolling_stddev,
        cast(rolling_window_count as bigint) as rolling_window_count,
        -- a standard deviation from fewer than 3 earlier windows is too unstable to judge by;
        -- after a history without variation any move is infinitely many deviations
        case
            when rolling_window_count >= 3
                then {{ ml_tracing.signed_ratio('metric_value - rolling_mean', 'rolling_stddev', '1e-12 * abs(rolling_mean)') }}
        end as rolling_z_score
    from with_rolling
)

select * from final
