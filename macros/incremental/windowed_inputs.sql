{#- The staged inputs of the checks, each row keyed by the window it belongs to
    (`window_start`, `window_key`): the checks are incremental by window like the
    inference store, and their post-hooks read the keys the inputs hold. -#}

{#- Every staged prediction row, in the window of its `predicted_at`. -#}
{% macro windowed_predictions(staged_predictions) %}
    {%- set models = ml_tracing.monitored_models() -%}
    {%- set query -%}
select
    *,
    {{ ml_tracing.inference_window_key() }} as window_key
from (
    select
        *,
        {{ ml_tracing.model_case(models, ml_tracing.window_start_expression) }} as window_start
    from {{ staged_predictions }}
) as staged
    {%- endset -%}
    {{- return(query) -}}
{% endmacro %}

{#- Every staged actual row, matched to the kept predictions with its id, in the
    window of the first of them ('none' without one; two predictions share an id in
    two prediction streams, see prediction_stream): all actuals of an id share a
    window, so a window can be checked on its own. -#}
{% macro actuals_with_prediction_windows() %}
    {%- set stream_models = ml_tracing.stream_baseline_models() -%}
    {%- set stream_model_names = ml_tracing.model_name_list(stream_models) -%}
    {%- set query -%}
select
    *,
    {{ ml_tracing.inference_window_key() }} as window_key
from (
    select
        actuals.*,
        kept_predictions.prediction_id is not null as has_prediction,
        coalesce(actuals.actual_label, cast(actuals.actual_value as {{ dbt.type_string() }})) is not null as has_actual_value,
        kept_predictions.window_start
    from (select * from {{ ref('stg_ml_tracing__actuals') }}) as actuals
    left join (
        -- a model's kept ids are unique, except across the streams of a stream baseline
        select model_name, prediction_id, window_start
        from {{ ref('int_ml_tracing__prediction_checks') }}
        where rejection_reason is null
        {%- if stream_models %} and model_name not in {{ stream_model_names }}

        union all

        select model_name, prediction_id, min(window_start) as window_start
        from {{ ref('int_ml_tracing__prediction_checks') }}
        where rejection_reason is null and model_name in {{ stream_model_names }}
        group by model_name, prediction_id
        {%- endif %}
    ) as kept_predictions
        on actuals.model_name = kept_predictions.model_name
        and actuals.prediction_id = kept_predictions.prediction_id
) as matched
    {%- endset -%}
    {{- return(query) -}}
{% endmacro %}
