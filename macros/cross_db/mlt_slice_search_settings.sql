{#- Settings for the slice rollup's query, run as its pre-hook (after
    mlt_query_settings) inside the model's transaction.
      default   none
      postgres  `set local enable_sort = off`: the search's grouping queries read
                CTEs, which have no statistics, so PostgreSQL expects about as many
                groups as input rows, more than `work_mem` holds, and sorts each
                input (on disk) rather than hash its few hundred groups. With
                sorting off the planner hashes wherever it can; the sorts it
                cannot avoid (window functions) still run. The rollup at 200k rows
                × 8 columns × depth 3 under `explain analyze`: 14.8 s → 7.0 s;
                at 1M rows: 37.7 s → 31.5 s
      redshift  none (it dispatches to postgres__ otherwise) -#}
{% macro mlt_slice_search_settings() %}
    {{- return(adapter.dispatch('mlt_slice_search_settings', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_slice_search_settings() %}
    {{- return('') -}}
{% endmacro %}

{% macro postgres__mlt_slice_search_settings() %}
    {{- return('set local enable_sort = off') -}}
{% endmacro %}

{% macro redshift__mlt_slice_search_settings() %}
    {{- return('') -}}
{% endmacro %}
