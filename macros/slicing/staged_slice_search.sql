{#- The pruned slice search as one statement per step, on engines that plan a long
    chain of CTEs badly (mlt_stages_slice_search): each CTE of pruned_slice_search
    but the last (`rollup_<model>`) becomes a table `<rollup table>__<cte>` built by
    the rollup's pre-hook (stage_slice_search) and dropped by its post-hook
    (drop_staged_slice_search); the model's query keeps `rollup_<model>` only, which
    reads `<model>_slices` from its table. The rows are the same. A full (not
    incremental) search only: the incremental one reads the model's own table. -#}

{#- Whether the rollup stages its pruned searches on this run. -#}
{% macro stages_slice_search(incremental) %}
    {{- return(ml_tracing.mlt_stages_slice_search() and not incremental) -}}
{% endmacro %}

{#- The steps of a pruned search's CTEs (`search`, as pruned_slice_search writes
    them): a list of {name, relation, sql}, in order, each step's reads of earlier
    steps pointed at their tables; the last step is the `rollup_<model>` CTE, whose
    relation is none. -#}
{% macro staged_search_steps(search) %}
    {%- set ctes = modules.re.findall('(?ms)^(\\w+) as \\(\\n(.*?)^\\),$', search) -%}
    {%- if not ctes or not ctes[-1][0].startswith('rollup_') -%}
        {{ exceptions.raise_compiler_error(
            "ml_tracing: int_ml_tracing__slice_rollup could not split the pruned slice search into steps "
            ~ "(expected CTEs ending with rollup_<model>); please report this with the compiled SQL") }}
    {%- endif -%}
    {%- set steps = [] -%}
    {%- for name, sql in ctes -%}
        {%- set ns = namespace(sql=sql) -%}
        {%- for step in steps -%}
            {%- set ns.sql = modules.re.sub('(?<=from |join )' ~ step.name ~ '\\b', step.relation | string, ns.sql) -%}
            {%- if modules.re.search('\\b' ~ step.name ~ '\\b', ns.sql) -%}
                {{ exceptions.raise_compiler_error(
                    "ml_tracing: int_ml_tracing__slice_rollup: the step " ~ name ~ " of the staged slice search reads "
                    ~ step.name ~ " other than in a FROM or JOIN; please report this with the compiled SQL") }}
            {%- endif -%}
        {%- endfor -%}
        {%- set relation = none if loop.last else this.incorporate(path={'identifier': this.identifier ~ '__' ~ name}) -%}
        {%- do steps.append({'name': name, 'relation': relation, 'sql': ns.sql}) -%}
    {%- endfor -%}
    {{- return(steps) -}}
{% endmacro %}

{#- The `rollup_<model>` CTE of a staged search, reading the steps' tables. -#}
{% macro staged_search_rollup(search) %}
    {%- set last = ml_tracing.staged_search_steps(search)[-1] -%}
    {{- return(last.name ~ ' as (\n' ~ last.sql ~ '),\n') -}}
{% endmacro %}

{#- Every staged step of the rollup's pruned searches (their `rollup_<model>` CTEs left out). -#}
{% macro staged_slice_search_steps() %}
    {%- set inputs = ml_tracing.slice_rollup_inputs() -%}
    {%- set steps = [] -%}
    {%- if ml_tracing.stages_slice_search(inputs.incremental) -%}
        {%- for model in inputs.models if ml_tracing.searches_pruned(model) -%}
            {%- set search = ml_tracing.pruned_slice_search(
                inputs.tuples, model, inputs.components, inputs.slice_columns, inputs.incremental) -%}
            {%- do steps.extend(ml_tracing.staged_search_steps(search)[:-1]) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(steps) -}}
{% endmacro %}

{#- Pre-hook: builds each step's table, in order (a no-op where nothing is staged). -#}
{% macro stage_slice_search() %}
    {%- if execute -%}
        {%- for step in ml_tracing.staged_slice_search_steps() -%}
            {%- do run_query('drop table if exists ' ~ step.relation) -%}
            {%- do run_query(ml_tracing.mlt_create_table_as(step.relation, step.sql)) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return('') -}}
{% endmacro %}

{#- Post-hook: drops the steps' tables. -#}
{% macro drop_staged_slice_search() %}
    {%- if execute -%}
        {%- for step in ml_tracing.staged_slice_search_steps() -%}
            {%- do run_query('drop table if exists ' ~ step.relation) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return('') -}}
{% endmacro %}
