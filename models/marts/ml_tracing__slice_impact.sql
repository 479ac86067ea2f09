{#- The slices ranked within each model, window and metric: rank 1 is the slice
    dragging the metric down the most — by `impact_score`, or by
    `pessimistic_impact` for models with `rank_slices_by: pessimistic_impact`
    (metrics without a confidence interval then still rank by impact_score; a
    slice whose interval is undefined ranks after those with one).

    Incremental by window (`window_key`): a run ranks again the windows
    ml_tracing__slice_metrics recomputed since this table last ranked them
    (`built_at`); the post-hook removes the windows without ranked slices. -#}
{{ config(
    post_hook="{{ ml_tracing.drop_vanished_windows(ml_tracing.slice_impact_input_keys()) }}",
    **ml_tracing.mlt_incremental_config('window_key')
) }}
{%- do ml_tracing.refuse_unchecked_settings() -%}
{%- set models = ml_tracing.monitored_models() -%}
{%- set pessimistic = models | selectattr('rank_slices_by', 'equalto', 'pessimistic_impact') | map(attribute='name') | list -%}
{%- set by_pessimistic = ("model_name in ('" ~ (pessimistic | join("', '")) ~ "') and interval_method is not null") if pessimistic else 'false' -%}

{%- set metrics = ref('ml_tracing__slice_metrics') -%}

with

{% if is_incremental() -%}
batch_windows as (
    -- the windows slice_metrics recomputed after this table last ranked them, or new to it
    {{ ml_tracing.rewritten_windows(metrics) | indent(4) }}
),

{% endif -%}
slice_metrics as (
    select * from {{ metrics }}
    where
        {{ ml_tracing.ranked_slices_condition() }}
        {%- if is_incremental() %}
        and window_key in (select batch_windows.window_key from batch_windows)
        {%- endif %}
),

ranking as (
    select
        *,
        case when {{ by_pessimistic }} then 'pessimistic_impact' else 'impact_score' end as ranked_by
    from slice_metrics
),

final as (
    select
        model_name,
        window_start,
        metric_name,
        row_number() over (
            partition by model_name, window_start, metric_name
            order by
                case when ranked_by = 'impact_score' or pessimistic_impact is not null then 0 else 1 end,
                {{ ml_tracing.ranking_score() }} desc,
                impact_score desc,
                slice_depth asc,
                {{ ml_tracing.mlt_bytewise('slice_key') }} asc
        ) as impact_rank,
        ranked_by,
        slice_key,
        slice_predicate,
        slice_columns,
        slice_depth,
        slice_rows,
        volume_share,
        metric_support,
        support_share,
        metric_value,
        overall_value,
        delta,
        impact_score,
        interval_lower,
        interval_upper,
        pessimistic_impact,
        complement_value,
        p_value,
        q_value,
        is_significant,
        is_redundant,
        explaining_parent_key,
        baseline_value,
        baseline_delta,
        is_absent_from_baseline,
        performance_contribution,
        mix_contribution,
        is_primary_metric,
        metric_direction,
        window_key,
        {{ ml_tracing.built_at() }} as built_at
    from ranking
)

select * from final
