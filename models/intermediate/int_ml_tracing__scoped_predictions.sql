{#- Every kept prediction (int_ml_tracing__prediction_checks) with its latest actual, its window, and whether it is
    monitored (current) or part of the baseline. `baseline_window_start` is the
    window a baseline row serves: its own for a model_version baseline, NULL (all
    windows) for environment and fixed-period baselines.

    Incremental by window (`window_key`): a run after the first rebuilds the windows
    whose checked predictions or actuals were rewritten after this table last
    rebuilt them (`built_at`), or whose number of kept predictions or of ids with
    an actual differs from what it holds (an actual gone); its post-hook removes the windows
    without kept predictions. `dbt build --full-refresh` rebuilds every window. -#}
{{ config(
    post_hook="{{ ml_tracing.drop_vanished_windows(ml_tracing.scoped_predictions_input_keys()) }}",
    **ml_tracing.mlt_incremental_config('window_key')
) }}
{%- do ml_tracing.refuse_unchecked_settings() -%}
{%- set models = ml_tracing.monitored_models() -%}
{%- do ml_tracing.check_settings_select_rows(models) -%}
{%- set stream_models = ml_tracing.stream_baseline_models() -%}
{%- set stream_model_names = ml_tracing.model_name_list(stream_models) -%}
{%- set prediction_columns = ['model_name', 'prediction_id', 'predicted_at', 'window_start', 'window_key', 'model_version',
    'environment', 'predicted_label', 'predicted_score', 'predicted_value', 'is_predicted_positive'] -%}
{%- for column in ml_tracing.all_slice_columns(models, include_features=true) -%}
    {%- do prediction_columns.append(column.name) -%}
{%- endfor -%}

with

predictions as {{ ml_tracing.mlt_inlined_cte() }}(
    select
        {%- for column in prediction_columns %}
        {{ column }},
        {%- endfor %}
        built_at
    from {{ ref('int_ml_tracing__prediction_checks') }}
    where rejection_reason is null
),

latest_actuals as {{ ml_tracing.mlt_inlined_cte() }}(
    select * from {{ ref('int_ml_tracing__latest_actuals') }}
),

{% if is_incremental() -%}
arrived_windows as (
    -- per window of the checks: its kept predictions, its actuals and when they were last rewritten
    select
        window_key,
        sum(n_predictions) as n_predictions,
        sum(n_actuals) as n_actuals,
        max(built_at) as built_at
    from (
        select window_key, count(*) as n_predictions, 0 as n_actuals, max(built_at) as built_at
        from predictions
        group by window_key
        union all
        select window_key, 0 as n_predictions, count(*) as n_actuals, max(built_at) as built_at
        from latest_actuals
        group by window_key
    ) as checked
    group by window_key
),

held_windows as (
    select
        window_key,
        count(*) as n_predictions,
        -- ids with an actual: a model's ids are unique, except across the streams of a stream baseline
        {%- if stream_models %}
        count(case when has_actual and model_name not in {{ stream_model_names }} then 1 end)
        + count(distinct case when has_actual and model_name in {{ stream_model_names }} then prediction_id end)
        {%- else %}
        count(case when has_actual then 1 end)
        {%- endif %} as n_actuals,
        max(built_at) as built_at
    from {{ this }}
    group by window_key
),

batch_windows as (
    {{ ml_tracing.changed_windows('arrived_windows', 'held_windows', [
        'arrived.built_at > held.built_at',
        'arrived.n_predictions <> held.n_predictions',
        'arrived.n_actuals <> held.n_actuals',
    ]) | indent(4) }}
),

batch_predictions as (
    select predictions.*
    from predictions
    inner join batch_windows
        on predictions.window_key = batch_windows.window_key
),

batch_actuals as (
    select latest_actuals.*
    from latest_actuals
    inner join batch_windows
        on latest_actuals.window_key = batch_windows.window_key
),

{% else -%}
batch_predictions as (
    select * from predictions
),

batch_actuals as (
    select * from latest_actuals
),

{% endif -%}
joined as (
    select
        batch_predictions.*,
        batch_actuals.actual_label,
        batch_actuals.actual_value,
        batch_actuals.is_actual_positive,
        batch_actuals.actual_observed_at,
        coalesce(batch_actuals.actual_count, 0) as actual_count,
        coalesce(batch_actuals.has_conflicting_actuals, false) as has_conflicting_actuals,
        batch_actuals.prediction_id is not null as has_actual
    from batch_predictions
    left join batch_actuals
        on batch_predictions.model_name = batch_actuals.model_name
        and batch_predictions.prediction_id = batch_actuals.prediction_id
        and batch_predictions.window_key = batch_actuals.window_key
),

scoped as (
    select
        *,
        coalesce({{ ml_tracing.model_case(models, ml_tracing.current_rows_condition, 'false') }}, false) as is_current,
        coalesce({{ ml_tracing.model_case(models, ml_tracing.baseline_rows_condition, 'false') }}, false) as is_baseline
    from joined
),

final as (
    select
        {%- for column in prediction_columns %}
        {{ column }},
        {%- endfor %}
        actual_label,
        actual_value,
        is_actual_positive,
        actual_observed_at,
        actual_count,
        has_conflicting_actuals,
        has_actual,
        is_current,
        is_baseline,
        case when is_baseline and model_name in {{ ml_tracing.model_name_list(models | selectattr('baseline.kind', 'equalto', 'model_version')) }} then window_start end as baseline_window_start,
        {{ ml_tracing.built_at() }} as built_at
    from scoped
)

select * from final
