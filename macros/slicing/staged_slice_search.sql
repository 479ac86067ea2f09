{#- The pruned slice search as one statement per step, on engines that plan a long
    chain of CTEs badly (mlt_stages_queries): each step of
    pruned_slice_search_steps but the last (`rollup_<model>`) becomes a table
    `<rollup table>__<step>` built by the rollup's pre-hook (stage_slice_search) and
    dropped by its post-hook (drop_staged_slice_search); the model's query keeps
    `rollup_<model>` only, which reads `<model>_slices` from its table. The rows are
    the same. A full (not incremental) search only: the incremental one reads the
    model's own table. -#}

{#- Whether the rollup stages its pruned searches on this run. -#}
{% macro stages_slice_search(incremental) %}
    {{- return(ml_tracing.mlt_stages_queries() and not incremental) -}}
{% endmacro %}

{#- Every staged step of the rollup's pruned searches (their `rollup_<model>` CTEs left out). -#}
{% macro staged_slice_search_steps() %}
    {%- set inputs = ml_tracing.slice_rollup_inputs() -%}
    {%- set steps = [] -%}
    {%- if ml_tracing.stages_slice_search(inputs.incremental) -%}
        {%- for model in inputs.models if ml_tracing.searches_pruned(model) -%}
            {%- do steps.extend(ml_tracing.pruned_slice_search_steps(
                inputs.tuples, model, inputs.components, inputs.slice_columns, inputs.incremental, staged=true)[:-1]) -%}
        {%- endfor -%}
    {%- endif -%}
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
