{#- Every staged prediction row, checked against the data contract. A row is kept
    (`rejection_reason` NULL) or rejected with its reason:
      missing_prediction_id   — the id is NULL: it can be neither deduplicated nor joined to an actual;
      missing_predicted_at    — the timestamp is NULL: the row belongs to no window;
      duplicate_prediction_id — another row of the model's prediction stream (its model version
                                under a `model_version` baseline, its environment under an
                                `environment` one, see prediction_stream) has the same id and wins: the latest
                                `predicted_at`, ties broken by the largest prediction (label as
                                text, score, value), then model version, environment and the
                                slice and feature values, so the choice is deterministic.
    Kept rows feed the inference store; rejected ones ml_tracing__rejections.

    Incremental by window (`window_key`, the window of `predicted_at`): a run after
    the first checks again the windows new to this table or holding another number
    of rows, and every window with a row sharing an id with them (a late duplicate
    decides which row of an earlier window wins); its post-hook removes the windows
    the input no longer holds. `dbt build --full-refresh` checks every row.
    `settings_fingerprint`: the model's settings the row was checked under; an
    incremental run stops when they changed (refuse_changed_settings). -#}
{{ config(
    post_hook="{{ ml_tracing.drop_vanished_windows(ml_tracing.prediction_checks_input_keys()) }}",
    **ml_tracing.mlt_incremental_config('window_key')
) }}
{%- set models = ml_tracing.monitored_models() -%}
{%- set same_prediction = 'partition by model_name, prediction_id, ' ~ ml_tracing.model_case(models, ml_tracing.prediction_stream, "''") -%}
{#- the tie-breakers of a duplicate id, text compared bytewise -#}
{%- set text = ml_tracing.mlt_bytewise -%}
{%- set tie_breakers = [text('predicted_label'), 'predicted_score', 'predicted_value', text('model_version'), text('environment')] -%}
{%- for column in ml_tracing.all_slice_columns(models, include_features=true) -%}
    {%- do tie_breakers.append(column.name if column.kind == 'numeric' else text(column.name)) -%}
{%- endfor -%}

with

predictions as {{ ml_tracing.mlt_inlined_cte() }}(
    {{ ml_tracing.windowed_predictions(ref('stg_ml_tracing__predictions')) | indent(4) }}
),

{% if is_incremental() -%}
{%- set recheck = ml_tracing.refuse_changed_settings(models) %}
{%- set changes = ['arrived.n_rows <> held.n_rows'] %}
{%- if recheck %}
    {%- do changes.append('coalesce(arrived.model_name, held.model_name) in ' ~ ml_tracing.model_name_list(recheck)) %}
{%- endif %}
arrived_windows as (
    select model_name, window_key, count(*) as n_rows
    from predictions
    group by model_name, window_key
),

held_windows as (
    select model_name, window_key, count(*) as n_rows
    from {{ this }}
    group by model_name, window_key
),

changed_windows as (
    -- windows new to this table, gone from the input, or holding another number of rows
    -- (every window of a model whose settings changed before a later model used them)
    {{ ml_tracing.changed_windows('arrived_windows', 'held_windows', changes, include_vanished=true) | indent(4) }}
),

changed_ids as (
    -- the ids with a row in a changed window, before or after the change
    select predictions.model_name, predictions.prediction_id
    from predictions
    inner join changed_windows
        on predictions.window_key = changed_windows.window_key
    union
    select held.model_name, held.prediction_id
    from {{ this }} as held
    inner join changed_windows
        on held.window_key = changed_windows.window_key
),

batch_windows as (
    -- the changed windows and every window holding one of their ids
    select distinct predictions.window_key
    from predictions
    inner join changed_ids
        on predictions.model_name = changed_ids.model_name
        and predictions.prediction_id = changed_ids.prediction_id
    union
    select window_key
    from changed_windows
),

batch_ids as (
    select distinct predictions.model_name, predictions.prediction_id
    from predictions
    inner join batch_windows
        on predictions.window_key = batch_windows.window_key
),

batch_rows as (
    -- every row with an id of the batch windows (they decide which row wins), and their rows without an id
    select predictions.*
    from predictions
    inner join batch_ids
        on predictions.model_name = batch_ids.model_name
        and predictions.prediction_id = batch_ids.prediction_id
    union all
    select predictions.*
    from predictions
    inner join batch_windows
        on predictions.window_key = batch_windows.window_key
    where predictions.prediction_id is null
),

{% else -%}
batch_rows as (
    select * from predictions
),

{% endif -%}
ranked as (
    select
        *,
        case when prediction_id is not null then row_number() over (
            {{ same_prediction }}
            order by
                predicted_at desc nulls last
                {%- for column in tie_breakers %},
                {{ column }} desc nulls last
                {%- endfor %}
        ) end as id_rank,
        case when prediction_id is not null then count(predicted_at) over ({{ same_prediction }}) end as rows_with_same_id
    from batch_rows
),

final as (
    select
        *,
        case
            when prediction_id is null then 'missing_prediction_id'
            when predicted_at is null then 'missing_predicted_at'
            when id_rank > 1 then 'duplicate_prediction_id'
        end as rejection_reason,
        {{ ml_tracing.settings_fingerprint_column(models) }} as settings_fingerprint,
        {{ ml_tracing.built_at() }} as built_at
    from ranked
    {%- if is_incremental() %}
    where window_key in (select batch_windows.window_key from batch_windows)
    {%- endif %}
)

select * from final
