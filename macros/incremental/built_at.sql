{#- When the dbt invocation writing a row started (dbt's `run_started_at`, UTC), as a
    timestamp literal. The slice tuples and the rollup stamp their rows with it: the
    rollup rebuilds the windows whose tuples are newer than its own rows. -#}
{% macro built_at() %}
    {{- return("cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as " ~ dbt.type_timestamp() ~ ")") -}}
{% endmacro %}
