{#- Which staged prediction rows a model monitors (the "current" stream, cut into
    windows) and which form its baseline. Conditions read staged column names. -#}
{% macro current_rows_condition(model) %}
    {%- set conditions = [] -%}
    {%- if model.columns.environment -%}
        {%- do conditions.append('environment = ' ~ ml_tracing.mlt_string_literal(model.production_environment | string)) -%}
    {%- endif -%}
    {%- if model.baseline.kind == 'model_version' -%}
        {%- do conditions.append("coalesce(model_version, '') <> " ~ ml_tracing.mlt_string_literal(model.baseline.model_version | string)) -%}
    {%- endif -%}
    {{- return('(' ~ (conditions | join(' and ') or 'true') ~ ')') -}}
{% endmacro %}

{#- Baseline rows that are compared as such (a rolling baseline is assembled from
    earlier windows instead, so it selects none here). -#}
{% macro baseline_rows_condition(model) %}
    {%- set baseline = model.baseline -%}
    {%- if baseline.kind == 'environment' -%}
        {%- set condition = 'environment = ' ~ ml_tracing.mlt_string_literal(baseline.environment | string) -%}
    {%- elif baseline.kind == 'fixed_period' -%}
        {%- set condition = ml_tracing.current_rows_condition(model) ~ " and predicted_at >= cast('" ~ baseline.start ~ "' as " ~ dbt.type_timestamp() ~ ") and predicted_at < cast('" ~ baseline.end ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- elif baseline.kind == 'model_version' -%}
        {%- set condition = 'model_version = ' ~ ml_tracing.mlt_string_literal(baseline.model_version | string) -%}
        {%- if model.columns.environment -%}
            {%- set condition = condition ~ ' and environment = ' ~ ml_tracing.mlt_string_literal(model.production_environment | string) -%}
        {%- endif -%}
    {%- else -%}
        {%- set condition = 'false' -%}
    {%- endif -%}
    {{- return('(' ~ condition ~ ')') -}}
{% endmacro %}

{#- The prediction stream a row belongs to, within which its id is unique: the model
    version under a `model_version` baseline, the environment under an `environment`
    baseline (the champion and the challenger scoring the same request, or the
    validation set reusing production's ids, are two predictions), else one stream. -#}
{% macro prediction_stream(model) %}
    {{- return("coalesce(" ~ model.baseline.kind ~ ", '')" if model.baseline.kind in ml_tracing.stream_baseline_kinds() else "''") -}}
{% endmacro %}

{#- The baselines that are another set of rows, each its own prediction stream. -#}
{% macro stream_baseline_kinds() %}
    {{- return(['model_version', 'environment']) -}}
{% endmacro %}

{#- The monitored models with such a baseline: their ids are unique per stream, so
    an id may be kept twice (once in each stream); every other model's kept ids are unique. -#}
{% macro stream_baseline_models() %}
    {{- return(ml_tracing.monitored_models() | selectattr('baseline.kind', 'in', ml_tracing.stream_baseline_kinds()) | list) -}}
{% endmacro %}

{#- Rows that numeric bins are learned on, in int_ml_tracing__bin_edges: the
    baseline rows, or for a rolling baseline the first `days` days of the monitored
    stream (so bins stay fixed as windows move on), from `stream_started_at`: the
    first prediction of the model's first window with at least `min_window_rows`
    predictions, else its first prediction. -#}
{% macro bin_reference_condition(model) %}
    {%- if model.baseline.kind != 'rolling' -%}
        {{- return('is_baseline') -}}
    {%- endif -%}
    {{- return('(is_current and predicted_at >= stream_started_at and predicted_at < ' ~ ml_tracing.mlt_add_days('stream_started_at', model.baseline.days) ~ ')') -}}
{% endmacro %}
