{#- How many grouping sets a slice rollup query holds when the model does not set
    `grouping_sets_per_query` (mlt_max_grouping_sets caps either).
      default   256: one scan of the tuples feeds every set's hash table
      postgres  1: PostgreSQL hashes grouping sets only when it expects their groups
                to fit in `work_mem`, and otherwise sorts the input once per set. The
                search's marked and re-aggregated tuples have no statistics, so it
                expects far too many groups (2.8M for the 6,484 of level 2 at 1M rows)
                and sorts; a query of one set is a plain GROUP BY, which it hashes and
                spills to disk if needed (the rollup at 1M rows: 94.9 s, 40.8 s with
                one set a query)
      redshift  256 (it dispatches to postgres__ otherwise) -#}
{% macro mlt_grouping_sets_per_query() %}
    {{- return(adapter.dispatch('mlt_grouping_sets_per_query', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_grouping_sets_per_query() %}{{ return(256) }}{% endmacro %}
{% macro postgres__mlt_grouping_sets_per_query() %}{{ return(1) }}{% endmacro %}
{% macro redshift__mlt_grouping_sets_per_query() %}{{ return(256) }}{% endmacro %}
