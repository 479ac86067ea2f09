{#- Settings for each of the package's models, run as its pre-hook inside the model's
    transaction (dbt_project.yml).
      default   none
      postgres  `set local jit = off`: the statistics and the slice search are long
                expressions whose estimated cost sets off JIT compilation, which took
                longer than the queries themselves (ml_tracing__slice_metrics over
                20,000 analyzed slices: over 200 s with JIT, 1.2 to 1.7 s without)
      redshift  none (it dispatches to postgres__ otherwise, and has no `jit`) -#}
{% macro mlt_query_settings() %}
    {{- return(adapter.dispatch('mlt_query_settings', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_query_settings() %}
    {{- return('') -}}
{% endmacro %}

{% macro postgres__mlt_query_settings() %}
    {{- return('set local jit = off') -}}
{% endmacro %}

{% macro redshift__mlt_query_settings() %}
    {{- return('') -}}
{% endmacro %}
