{#- The pruned slice search as one statement per step, where one query of CTEs
    plans badly (mlt_stages_slice_search: on Spark, and on DuckDB for wide searches):
    each step of pruned_slice_search_steps but the last (`rollup_<model>`) and those
    that a single later step reads (CTEs of its statement) becomes a table
    `<rollup table>__<step>` built by the rollup's pre-hook (stage_slice_search) and
    dropped by its post-hook (drop_staged_slice_search); the model's query keeps
    `rollup_<model>` only, which reads `<model>_slices` from its table. The rows are
    the same. An incremental run stages the changed windows first
    (`<rollup table>__changed_windows`), read before the model's query changes its
    table, as the model's CTE `changed_windows` is. -#}

{#- Whether the rollup stages a monitored model's pruned search. -#}
{% macro stages_slice_search(model) %}
    {%- set columns = model.slice_columns | map(attribute='name') | list -%}
    {{- return(ml_tracing.mlt_stages_slice_search(ml_tracing.slice_column_sets(columns, model.max_slice_depth) | length)) -}}
{% endmacro %}

{#- Every staged step of the rollup's pruned searches (their `rollup_<model>` CTEs left out). -#}
{% macro staged_slice_search_steps() %}
    {%- set inputs = ml_tracing.slice_rollup_inputs() -%}
    {%- set staged_models = [] -%}
    {%- for model in inputs.models if ml_tracing.searches_pruned(model) and ml_tracing.stages_slice_search(model) -%}
        {%- do staged_models.append(model) -%}
    {%- endfor -%}
    {%- set shared = ml_tracing.query_steps(true, stage_each=true) -%}
    {%- if staged_models and inputs.incremental -%}
        {%- call ml_tracing.query_step(shared, 'changed_windows') %}{{ inputs.changed_windows }}{% endcall -%}
    {%- endif -%}
    {%- set steps = shared.steps -%}
    {%- for model in staged_models -%}
        {%- do steps.extend(ml_tracing.pruned_slice_search_steps(
            inputs.tuples, model, inputs.components, inputs.slice_columns, inputs.incremental, staged=true,
            changed=shared.read.get('changed_windows'))[:-1]) -%}
    {%- endfor -%}
    {{- return(steps) -}}
{% endmacro %}

{#- Pre-hook: builds each step's table, in order (a no-op where nothing is staged). -#}
{% macro stage_slice_search() %}
    {{- return(ml_tracing.stage_query_steps(ml_tracing.staged_slice_search_steps())) -}}
{% endmacro %}

{#- Post-hook: drops the steps' tables. -#}
{% macro drop_staged_slice_search() %}
    {{- return(ml_tracing.drop_staged_query_steps(ml_tracing.staged_slice_search_steps())) -}}
{% endmacro %}
