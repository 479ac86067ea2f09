{#- The `window_key` of the incremental models, one expression each, and the keys
    their current input holds (for drop_vanished_windows). -#}
{#- A prediction's window: model and window start ('none' for a row without a
    window: a prediction without a timestamp, an actual without a kept prediction). -#}
{% macro inference_window_key() %}
    {{- return("model_name || '|' || coalesce(cast(window_start as " ~ dbt.type_string() ~ "), 'none')") -}}
{% endmacro %}

{#- A slice tuple's window: model, scope and the scope's window ('all' for a static
    baseline); the rollup's rows carry their window's key. -#}
{% macro slice_tuple_window_key(scope, scope_window_start, model_name='model_name') %}
    {{- return(model_name ~ " || '|' || " ~ scope ~ " || '|' || coalesce(cast(" ~ scope_window_start
        ~ " as " ~ dbt.type_string() ~ "), 'all')") -}}
{% endmacro %}

{% macro prediction_checks_input_keys() %}
    {{- return('select distinct window_key from ('
        ~ ml_tracing.windowed_predictions(ref('stg_ml_tracing__predictions')) ~ ') as predictions') -}}
{% endmacro %}

{% macro actual_checks_input_keys() %}
    {{- return('select distinct window_key from (' ~ ml_tracing.actuals_with_prediction_windows() ~ ') as actuals') -}}
{% endmacro %}

{% macro scoped_predictions_input_keys() %}
    {{- return('select distinct window_key from ' ~ ref('int_ml_tracing__prediction_checks')
        ~ ' where rejection_reason is null') -}}
{% endmacro %}

{% macro inference_store_input_keys() %}
    {{- return('select distinct window_key from ' ~ ref('int_ml_tracing__scoped_predictions')) -}}
{% endmacro %}

{% macro feature_values_input_keys() %}
    {{- return('select distinct window_key from ' ~ ref('int_ml_tracing__scoped_predictions')
        ~ ' where ' ~ ml_tracing.compared_rows_condition()) -}}
{% endmacro %}

{#- The rows of int_ml_tracing__scoped_predictions that int_ml_tracing__feature_values
    holds: monitored and baseline ones. -#}
{% macro compared_rows_condition() %}
    {{- return('is_current or is_baseline') -}}
{% endmacro %}

{% macro slice_tuples_input_keys() %}
    {%- set inferences = ref('ml_tracing__inferences') -%}
    {{- return('select distinct ' ~ ml_tracing.slice_tuple_window_key("'current'", 'window_start') ~ ' as window_key from '
        ~ inferences ~ ' where is_current union select distinct '
        ~ ml_tracing.slice_tuple_window_key("'baseline'", 'baseline_window_start') ~ ' as window_key from '
        ~ inferences ~ ' where is_baseline') -}}
{% endmacro %}

{% macro slice_metrics_input_keys() %}
    {{- return('select distinct ' ~ ml_tracing.inference_window_key() ~ ' as window_key from '
        ~ ref('int_ml_tracing__slice_rollup') ~ " where scope = 'current'") -}}
{% endmacro %}

{% macro slice_impact_input_keys() %}
    {{- return('select distinct window_key from ' ~ ref('ml_tracing__slice_metrics')
        ~ ' where ' ~ ml_tracing.ranked_slices_condition()) -}}
{% endmacro %}

{#- The rows of ml_tracing__slice_metrics that ml_tracing__slice_impact ranks. -#}
{% macro ranked_slices_condition() %}
    {{- return('slice_depth > 0 and impact_score is not null') -}}
{% endmacro %}

{% macro slice_rollup_input_keys() %}
    {{- return('select distinct window_key from ' ~ ref('int_ml_tracing__slice_tuples')) -}}
{% endmacro %}
