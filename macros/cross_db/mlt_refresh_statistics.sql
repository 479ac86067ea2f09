{#- Post-hook of each of the package's tables (dbt_project.yml): the planner's
    statistics of the table just written, so the models reading it next plan with
    its real size.
      default   none (DuckDB and Spark plan without them)
      postgres  `analyze`: a table created in the same run has none yet, and the
                planner then counts on one row; ml_tracing__slice_metrics joined
                20,000 slices to their baselines with a nested loop (56 s instead
                of about 1 s)
      redshift  none (it dispatches to postgres__ otherwise; it analyzes on its own) -#}
{% macro mlt_refresh_statistics() %}
    {%- if config.get('materialized') == 'view' -%}{{ return('') }}{%- endif -%}
    {{- return(adapter.dispatch('mlt_refresh_statistics', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_refresh_statistics() %}
    {{- return('') -}}
{% endmacro %}

{% macro postgres__mlt_refresh_statistics() %}
    {{- return('analyze ' ~ this) -}}
{% endmacro %}

{% macro redshift__mlt_refresh_statistics() %}
    {{- return('') -}}
{% endmacro %}
