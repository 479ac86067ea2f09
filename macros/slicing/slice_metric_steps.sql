{#- The steps of ml_tracing__slice_metrics' query (query_steps): the reported slices
    of each model with their baseline, one row per metric, the window's overall
    values, the statistics, the redundancy against each parent and the final
    columns. Where the engine stages long queries (mlt_stages_queries), each
    model's slices and the slices with their p-values and step-up values are
    stages: every later step reads them several times. -#}
{% macro slice_metric_steps() %}
{%- set models = ml_tracing.monitored_models() -%}
{%- set components = ml_tracing.slice_component_names(models) -%}
{%- set double = ml_tracing.mlt_type_double() -%}
{%- set string = dbt.type_string() -%}
{%- set per_window = 'partition by model_name, window_start, metric_name' -%}
{%- set slice_identity = ml_tracing.slice_identity_columns() -%}
{%- set max_depth = models | map(attribute='max_slice_depth') | max if models else 0 -%}
{%- set rollup = ref('int_ml_tracing__slice_rollup') -%}
{%- set query = ml_tracing.query_steps(ml_tracing.mlt_stages_queries()) -%}
{%- set read = query.read -%}

{%- if is_incremental() -%}
{%- call ml_tracing.query_step(query, 'batch_windows', ctes=true) %}
{{ ml_tracing.slice_metric_batch_windows(rollup, models) }}
{% endcall -%}
{%- endif %}

{%- call ml_tracing.query_step(query, 'slice_rollup') %}
    -- the slices each window reports (the pruned search also computes slices for other windows' baselines)
    select reported.*
    from (select * from {{ rollup }}) as reported
    {%- if is_incremental() %}
    inner join batch_windows
        on reported.model_name = batch_windows.model_name
        and reported.window_start = batch_windows.window_start
    {%- endif %}
    where reported.scope = 'current' and reported.is_reported
{% endcall -%}

{%- call ml_tracing.query_step(query, 'slice_baselines', hint=ml_tracing.mlt_inlined_cte()) %}
    select * from {{ ref('int_ml_tracing__slice_baselines') }}
{% endcall -%}

{% for model in models -%}
{%- call ml_tracing.query_step(query, 'slices_' ~ model.name, stage=true) %}
    select
        slice_rollup.model_name,
        slice_rollup.window_start,
        {%- for column in slice_identity %}
        slice_rollup.{{ column }},
        {%- endfor %}
        {%- for component in components %}
        slice_rollup.{{ component }},
        {%- endfor %}
        {%- for component in components %}
        slice_baselines.baseline_{{ component }}{% if not loop.last %},{% endif %}
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

    union all

    -- a value of one column that the baseline has (with at least min_slice_rows rows)
    -- and the window lacks: no rows now, its share of the baseline is pure mix
    select
        windows.model_name,
        windows.window_start,
        {%- for column in slice_identity %}
        slice_baselines.{{ column }},
        {%- endfor %}
        {%- for component in components %}
        0 as {{ component }},
        {%- endfor %}
        {%- for component in components %}
        slice_baselines.baseline_{{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from slice_rollup as windows
    inner join slice_baselines
        on windows.model_name = slice_baselines.model_name
        {%- if model.baseline.is_per_window %}
        and windows.window_start = slice_baselines.window_start
        {%- endif %}
    left join slice_rollup as present
        on windows.model_name = present.model_name
        and windows.window_start = present.window_start
        and slice_baselines.slice_key = present.slice_key
        and present.slice_depth = 1
    where
        windows.model_name = '{{ model.name }}'
        and windows.slice_depth = 0
        and slice_baselines.slice_depth = 1
        and slice_baselines.baseline_n_rows >= {{ model.min_slice_rows }}
        and present.slice_key is null
{% endcall -%}

{%- call ml_tracing.query_step(query, 'metrics_' ~ model.name) %}
    {%- for metric in model.metrics %}
    {%- set current = ml_tracing.metric_value(metric, '', model.classes) %}
    {%- set baseline = ml_tracing.metric_value(metric, 'baseline_', model.classes) %}
    {%- set sample = ml_tracing.metric_sample(metric) or {} %}
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
        cast({{ current.rows }} as bigint) as metric_rows,
        cast({{ current.weight or 'null' }} as {{ double }}) as metric_weight,
        {{ baseline.value }} as baseline_value,
        cast({{ baseline.rows }} as bigint) as baseline_metric_rows,
        cast({{ baseline.weight or 'null' }} as {{ double }}) as baseline_weight,
        cast({{ "'" ~ sample.method ~ "'" if sample else 'null' }} as {{ string }}) as sample_method,
        cast({{ sample.count or 'null' }} as {{ double }}) as sample_count,
        cast({{ sample.total or 'null' }} as {{ double }}) as sample_total,
        cast({{ sample.sum_squares or 'null' }} as {{ double }}) as sample_sum_squares,
        cast({{ model.interval_z }} as {{ double }}) as interval_z,
        cast({{ model.false_discovery_rate }} as {{ double }}) as false_discovery_rate
    from {{ read['slices_' ~ model.name] }}
    {%- endfor %}
{% endcall -%}

{% endfor -%}
{%- call ml_tracing.query_step(query, 'metric_values') %}
    {%- set empty %}
    select
        model_name, window_start, slice_key, slice_predicate, slice_columns, slice_depth,
        cast(null as bigint) as slice_rows, cast(null as bigint) as evaluated_rows, cast(null as bigint) as baseline_rows,
        'none' as metric_name, false as is_primary_metric, 'none' as metric_direction,
        cast(null as {{ double }}) as metric_value, cast(null as {{ double }}) as metric_support,
        cast(null as bigint) as metric_rows, cast(null as {{ double }}) as metric_weight,
        cast(null as {{ double }}) as baseline_value, cast(null as bigint) as baseline_metric_rows,
        cast(null as {{ double }}) as baseline_weight, cast(null as {{ string }}) as sample_method,
        cast(null as {{ double }}) as sample_count, cast(null as {{ double }}) as sample_total,
        cast(null as {{ double }}) as sample_sum_squares, cast(null as {{ double }}) as interval_z,
        cast(null as {{ double }}) as false_discovery_rate
    from slice_rollup
    where 1 = 0
    {%- endset %}
    {{ ml_tracing.union_ctes('metrics_', models, empty) }}
{% endcall -%}

{%- call ml_tracing.query_step(query, 'with_overall') %}
    -- the window's whole-population values, carried onto every slice of the window
    select
        *,
        max(case when slice_depth = 0 then metric_value end) over ({{ per_window }}) as overall_value,
        max(case when slice_depth = 0 then metric_weight end) over ({{ per_window }}) as overall_weight,
        max(case when slice_depth = 0 then metric_support end) over ({{ per_window }}) as overall_support,
        max(case when slice_depth = 0 then slice_rows end) over ({{ per_window }}) as window_rows,
        max(case when slice_depth = 0 then baseline_value end) over ({{ per_window }}) as baseline_overall_value,
        max(case when slice_depth = 0 then baseline_weight end) over ({{ per_window }}) as baseline_overall_weight,
        max(case when slice_depth = 0 then baseline_rows end) over ({{ per_window }}) as baseline_window_rows,
        max(case when slice_depth = 0 then sample_count end) over ({{ per_window }}) as overall_sample_count,
        max(case when slice_depth = 0 then sample_total end) over ({{ per_window }}) as overall_sample_total,
        max(case when slice_depth = 0 then sample_sum_squares end) over ({{ per_window }}) as overall_sample_sum_squares
    from metric_values
{% endcall -%}

{%- call ml_tracing.query_step(query, 'shares') %}
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
{% endcall -%}

{%- call ml_tracing.query_step(query, 'complements') %}
    -- the complement of a slice: the window's rows outside it, from additive components
    select
        *,
        overall_sample_count - sample_count as complement_count,
        overall_sample_total - sample_total as complement_total,
        overall_sample_sum_squares - sample_sum_squares as complement_sum_squares
    from shares
{% endcall -%}

{%- call ml_tracing.query_step(query, 'moments') %}
    select
        *,
        {{ ml_tracing.mlt_divide('complement_total', 'complement_count') }} as complement_value,
        {{ ml_tracing.sample_variance('sample_count', 'sample_total', 'sample_sum_squares') }} as slice_variance,
        {{ ml_tracing.sample_variance('complement_count', 'complement_total', 'complement_sum_squares') }} as complement_variance,
        {{ ml_tracing.mlt_divide('overall_sample_total', 'overall_sample_count') }} as pooled_proportion
    from complements
{% endcall -%}

{%- call ml_tracing.query_step(query, 'tests') %}
    -- interval: Wilson for proportions, normal (mean ± z·s/√n) for means;
    -- slice against complement: pooled two-proportion z-test, Welch's t-test
    {%- set wilson = ml_tracing.wilson_interval('sample_total', 'sample_count', 'interval_z') %}
    select
        *,
        case sample_method
            when 'proportion' then {{ wilson.lower }}
            when 'mean' then metric_value - interval_z * sqrt(slice_variance / sample_count)
        end as interval_lower,
        case sample_method
            when 'proportion' then {{ wilson.upper }}
            when 'mean' then metric_value + interval_z * sqrt(slice_variance / sample_count)
        end as interval_upper,
        case
            when sample_method = 'proportion' and sample_count > 0 and complement_count > 0
                then (metric_value - complement_value)
                / nullif(sqrt(pooled_proportion * (1 - pooled_proportion) * (1.0 / sample_count + 1.0 / complement_count)), 0)
            when sample_method = 'mean'
                then (metric_value - complement_value)
                / nullif(sqrt(slice_variance / sample_count + complement_variance / complement_count), 0)
        end as test_statistic,
        -- Welch–Satterthwaite degrees of freedom
        case when sample_method = 'mean' then
            {{ ml_tracing.mlt_divide(
                '(slice_variance / sample_count + complement_variance / complement_count)'
                ~ ' * (slice_variance / sample_count + complement_variance / complement_count)',
                '(slice_variance / sample_count) * (slice_variance / sample_count) / (sample_count - 1)'
                ~ ' + (complement_variance / complement_count) * (complement_variance / complement_count) / (complement_count - 1)') }}
        end as test_degrees_of_freedom
    from moments
{% endcall -%}

{%- call ml_tracing.query_step(query, 'deviates') %}
    -- |z|, or for Welch's t the normal deviate with the same tail (Hill's transformation)
    select
        *,
        case sample_method
            when 'proportion' then abs(test_statistic)
            when 'mean' then {{ ml_tracing.student_t_normal_deviate('abs(test_statistic)', 'test_degrees_of_freedom') }}
        end as normal_deviate
    from tests
{% endcall -%}

{%- call ml_tracing.query_step(query, 'p_values') %}
    select
        *,
        -- a deviate above 37 (a p-value below 1e-298) is taken as 37, so exp() cannot underflow
        case
            when normal_deviate > 37 then 2 * ({{ ml_tracing.normal_upper_tail('37') }})
            else 2 * ({{ ml_tracing.normal_upper_tail('normal_deviate') }})
        end as p_value
    from deviates
{% endcall -%}

{%- call ml_tracing.query_step(query, 'p_value_ranks') %}
    -- Benjamini–Hochberg over the slices with a p-value, per model, window and metric
    select
        *,
        row_number() over ({{ per_window }} order by case when p_value is null then 1 else 0 end, p_value, {{ ml_tracing.mlt_bytewise('slice_key') }}) as p_value_rank,
        count(p_value) over ({{ per_window }}) as tested_slices
    from p_values
{% endcall -%}

{%- call ml_tracing.query_step(query, 'step_up', stage=true) %}
    -- q(i) = min over j >= i of p(j) · m / j, capped at 1
    select
        *,
        min(p_value * tested_slices / p_value_rank) over (
            {{ per_window }} order by p_value_rank desc rows between unbounded preceding and current row
        ) as step_up_value
    from p_value_ranks
{% endcall -%}

{%- call ml_tracing.query_step(query, 'parent_links') %}
    -- every slice of depth >= 2 with its parents (one condition fewer)
    {%- for depth in range(2, max_depth + 1) %}
    {%- for removed in range(1, depth + 1) %}
    select
        model_name,
        window_start,
        metric_name,
        slice_key,
        metric_value,
        interval_lower,
        interval_upper,
        {{ ml_tracing.parent_slice_key('slice_key', depth, removed) }} as parent_key
    from {{ read.step_up }}
    where slice_depth = {{ depth }}

    union all

    {%- endfor %}
    {%- endfor %}
    select model_name, window_start, metric_name, slice_key, metric_value, interval_lower, interval_upper, slice_key as parent_key
    from {{ read.step_up }}
    where 1 = 0
{% endcall -%}

{%- call ml_tracing.query_step(query, 'explained') %}
    -- a slice is explained by a parent it cannot be told apart from: its value lies
    -- within the parent's interval, or the parent's value within its own interval
    select
        parent_links.model_name,
        parent_links.window_start,
        parent_links.metric_name,
        parent_links.slice_key,
        min(parent_links.parent_key) as explaining_parent_key
    from parent_links
    inner join {{ read.step_up }} as parents
        on parent_links.model_name = parents.model_name
        and parent_links.window_start = parents.window_start
        and parent_links.metric_name = parents.metric_name
        and parent_links.parent_key = parents.slice_key
    where
        parent_links.metric_value between parents.interval_lower and parents.interval_upper
        or parents.metric_value between parent_links.interval_lower and parent_links.interval_upper
    group by parent_links.model_name, parent_links.window_start, parent_links.metric_name, parent_links.slice_key
{% endcall -%}

{%- call ml_tracing.query_step(query, 'with_statistics') %}
    select
        slices.*,
        explained.explaining_parent_key,
        case when slices.p_value is not null then least(slices.step_up_value, 1) end as q_value,
        -- the interval bound nearest the overall value (none when it holds the overall value)
        case
            when slices.interval_lower is null or slices.interval_upper is null then null
            when slices.interval_lower > slices.overall_value then slices.interval_lower
            when slices.interval_upper < slices.overall_value then slices.interval_upper
            else slices.overall_value
        end as pessimistic_value
    from {{ read.step_up }} as slices
    left join explained
        on slices.model_name = explained.model_name
        and slices.window_start = explained.window_start
        and slices.metric_name = explained.metric_name
        and slices.slice_key = explained.slice_key
{% endcall -%}

{%- call ml_tracing.query_step(query, 'final') %}
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
        metric_rows,
        support_share,
        metric_direction,
        is_primary_metric,
        overall_value,
        metric_value - overall_value as delta,
        ({{ ml_tracing.worsening('metric_value', 'overall_value') }}) * support_share as impact_score,
        case sample_method when 'proportion' then 'wilson' when 'mean' then 'normal' end as interval_method,
        interval_lower,
        interval_upper,
        ({{ ml_tracing.worsening('pessimistic_value', 'overall_value') }}) * support_share as pessimistic_impact,
        complement_value,
        cast(complement_count as bigint) as complement_support,
        case sample_method when 'proportion' then 'two_proportion_z' when 'mean' then 'welch_t' end as test_method,
        test_statistic,
        test_degrees_of_freedom,
        p_value,
        q_value,
        case when p_value is not null then q_value <= false_discovery_rate end as is_significant,
        case
            when sample_method is null or metric_value is null then null
            else explaining_parent_key is not null
        end as is_redundant,
        explaining_parent_key,
        baseline_rows,
        baseline_metric_rows,
        baseline_volume_share,
        coalesce(baseline_rows, 0) = 0 as is_absent_from_baseline,
        slice_rows = 0 as is_absent_from_window,
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
        end as mix_contribution,
        {{ ml_tracing.inference_window_key() }} as window_key,
        {{ ml_tracing.built_at() }} as built_at
    from with_statistics
{% endcall -%}

    {{- return(query.steps) -}}
{% endmacro %}
