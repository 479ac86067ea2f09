{#- Settings for the two models that group the most rows, the slice tuples and the
    slice rollup, run as their pre-hook (after mlt_query_settings) inside the
    model's transaction.
      default   none
      postgres  `set local enable_sort = off`: grouping a CTE, which has no
                statistics, or millions of rows, PostgreSQL expects more groups
                than `work_mem` holds and sorts the input on disk, where hashing
                (spilling to disk if it must) is faster: the search's grouping
                queries hold a few hundred groups each. With sorting off the
                planner hashes wherever it can; the sorts it cannot avoid (window
                functions) still run. Under `explain analyze`, 1M rows × 8 columns ×
                depth 3: the rollup 37.7 s → 31.5 s, the tuples 5.8 s → 2.1 s; the
                rollup at 200k rows: 14.8 s → 7.0 s
      redshift  none (it dispatches to postgres__ otherwise) -#}
{% macro mlt_grouping_settings() %}
    {{- return(adapter.dispatch('mlt_grouping_settings', 'ml_tracing')()) -}}
{% endmacro %}

{% macro default__mlt_grouping_settings() %}
    {{- return('') -}}
{% endmacro %}

{% macro postgres__mlt_grouping_settings() %}
    {{- return('set local enable_sort = off') -}}
{% endmacro %}

{% macro redshift__mlt_grouping_settings() %}
    {{- return('') -}}
{% endmacro %}

{#- Planner settings for the slice rollup alone, whose query holds a grouping branch
    per column set: set by its pre-hook (after mlt_grouping_settings), undone by its
    post-hook (`reset=true`).
      default  none
      duckdb   `set disabled_optimizers = 'projection_pullup'`: with many slice
               columns DuckDB spends most of the rollup planning it, and its
               projection pull-up most of the planning. The rollup's CREATE TABLE
               AS (DuckDB 2.0, 2 threads, 30 columns to depth 3): 101.8 s → 77.8 s
               at 20k rows, 208.2 s → 160.6 s at 1M rows; 8 columns at 10M rows:
               8.8 s → 8.7 s. (Its `grouping_sets` optimizer off as well planned
               faster still at 20k rows, but ran over 9 minutes at 1M.)
               The setting holds for the cursor, not the transaction, hence the
               reset (dbt-duckdb gives each model a cursor of its own, so it would
               not reach another model anyway); it changes plans, never rows. -#}
{% macro mlt_rollup_settings(reset=false) %}
    {{- return(adapter.dispatch('mlt_rollup_settings', 'ml_tracing')(reset)) -}}
{% endmacro %}

{% macro default__mlt_rollup_settings(reset=false) %}
    {{- return('') -}}
{% endmacro %}

{% macro duckdb__mlt_rollup_settings(reset=false) %}
    {{- return('reset disabled_optimizers' if reset else "set disabled_optimizers = 'projection_pullup'") -}}
{% endmacro %}
