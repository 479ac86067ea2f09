{#- One row per model, window, metric and slice (slices with at least
    `min_slice_rows` predictions, plus the whole window as slice 'all'): the slice's
    metric, the window's overall value, the delta, the impact score (the gap to the
    overall value weighted by the slice's share of the metric's support, so that over
    a partition of the window the scores sum to zero), the same slice
    on the baseline, and its share of the overall change against the baseline split
    into a performance part and a mix part. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set components = ml_tracing.component_names(models) -%}
{%- set double = ml_tracing.mlt_type_double() -%}
{%- set per_window = 'partition by model_name, window_start, metric_name' -%}

with

slice_rollup as (
    select * from {{ ref('int_ml_tracing__slice_rollup') }}
    where scope = 'current'
),

slice_baselines as (
    select * from {{ ref('int_ml_tracing__slice_baselines') }}
),

{% for model in models -%}
slices_{{ model.name }} as (
    select
        slice_rollup.*
        {%- for component in components %},
        slice_baselines.baseline_{{ component }}
        {%- endfor %}
    from slice_rollup
    left join slice_baselines
        on slice_rollup.model_name = slice_baselines.model_name
        and slice_rollup.slice_key = slice_baselines.slice_key
        {%- if model.baseline.is_per_window %}
        and slice_rollup.window_start = slice_baselines.window_start
        {%- endif %}
    where
        slice_rollup.model_name = '{{ model.name }}'
        and (slice_rollup.slice_depth = 0 or slice_rollup.n_rows >= {{ model.min_slice_rows }})
),

metrics_{{ model.name }} as (
    {%- for metric in model.metrics %}
    {%- set current = ml_tracing.metric_value(metric, '', model.classes) %}
    {%- set baseline = ml_tracing.metric_value(metric, 'baseline_', model.classes) %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        model_name,
        window_start,
        slice_key,
        slice_predicate,
        slice_columns,
        slice_depth,
        cast(n_rows as bigint) as slice_rows,
        cast(n_evaluated as bigint) as evaluated_rows,
        cast(baseline_n_rows as bigint) as baseline_rows,
        '{{ metric }}' as metric_name,
        {{ 'true' if metric == model.primary_metric else 'false' }} as is_primary_metric,
        '{{ ml_tracing.metric_direction(metric) }}' as metric_direction,
        {{ current.value }} as metric_value,
        cast({{ current.support }} as {{ double }}) as metric_support,
        cast({{ current.weight or 'null' }} as {{ double }}) as metric_weight,
        {{ baseline.value }} as baseline_value,
        cast({{ baseline.weight or 'null' }} as {{ double }}) as baseline_weight
    from slices_{{ model.name }}
    {%- endfor %}
),

{% endfor -%}
metric_values as (
    {%- set empty %}
    select
        model_name, window_start, slice_key, slice_predicate, slice_columns, slice_depth,
        cast(null as bigint) as slice_rows, cast(null as bigint) as evaluated_rows, cast(null as bigint) as baseline_rows,
        'none' as metric_name, false as is_primary_metric, 'none' as metric_direction,
        cast(null as {{ double }}) as metric_value, cast(null as {{ double }}) as metric_support,
        cast(null as {{ double }}) as metric_weight, cast(null as {{ double }}) as baseline_value,
        cast(null as {{ double }}) as baseline_weight
    from slice_rollup
    where 1 = 0
    {%- endset %}
    {{ ml_tracing.union_ctes('metrics_', models, empty) }}
),

with_overall as (
    -- the window's whole-population values, carried onto every slice of the window
    select
        *,
        max(case when slice_depth = 0 then metric_value end) over ({{ per_window }}) as overall_value,
        max(case when slice_depth = 0 then metric_weight end) over ({{ per_window }}) as overall_weight,
        max(case when slice_depth = 0 then metric_support end) over ({{ per_window }}) as overall_support,
        max(case when slice_depth = 0 then slice_rows end) over ({{ per_window }}) as window_rows,
        max(case when slice_depth = 0 then baseline_value end) over ({{ per_window }}) as baseline_overall_value,
        max(case when slice_depth = 0 then baseline_weight end) over ({{ per_window }}) as baseline_overall_weight,
        max(case when slice_depth = 0 then baseline_rows end) over ({{ per_window }}) as baseline_window_rows
    from metric_values
),

shares as (
    select
        *,
        {{ ml_tracing.mlt_divide('slice_rows', 'window_rows') }} as volume_share,
        -- the slice's share of the rows the metric rests on (for recall: the actual positives)
        {{ ml_tracing.mlt_divide('metric_support', 'overall_support') }} as support_share,
        {{ ml_tracing.mlt_divide('baseline_rows', 'baseline_window_rows') }} as baseline_volume_share,
        -- ratio metrics only: the slice's share of the metric's denominator
        {{ ml_tracing.mlt_divide('metric_weight', 'overall_weight') }} as weight_share,
        coalesce({{ ml_tracing.mlt_divide('baseline_weight', 'baseline_overall_weight') }}, 0) as baseline_weight_share,
        -- a slice the baseline cannot evaluate is compared with the baseline's overall value
        coalesce(baseline_value, baseline_overall_value) as reference_value
    from with_overall
),

final as (
    select
        model_name,
        window_start,
        metric_name,
        slice_key,
        slice_predicate,
        slice_columns,
        slice_depth,
        slice_rows,
        evaluated_rows,
        volume_share,
        metric_value,
        metric_support,
        support_share,
        metric_direction,
        is_primary_metric,
        overall_value,
        metric_value - overall_value as delta,
        case metric_direction
            when 'higher_is_better' then overall_value - metric_value
            when 'lower_is_better' then metric_value - overall_value
            else abs(metric_value - overall_value)
        end * support_share as impact_score,
        baseline_rows,
        baseline_volume_share,
        coalesce(baseline_rows, 0) = 0 as is_absent_from_baseline,
        baseline_value,
        metric_value - baseline_value as baseline_delta,
        baseline_overall_value,
        overall_value - baseline_overall_value as overall_change,
        case
            when metric_weight is not null and overall_value is not null and baseline_overall_value is not null
                then coalesce(weight_share * (metric_value - reference_value), 0)
        end as performance_contribution,
        case
            when metric_weight is not null and overall_value is not null and baseline_overall_value is not null
                then (coalesce(weight_share, 0) - baseline_weight_share) * (reference_value - baseline_overall_value)
        end as mix_contribution
    from shares
)

select * from final
