{#- A long query as a list of steps, so that an engine which plans a chain of CTEs
    badly (mlt_stages_queries) can run it one statement per stage, each stage's
    result stored in a table, while every other engine runs one query of CTEs.

    ml_tracing.query_steps(staged) starts a query: {steps, read, staged, stage_each}. Each
    `{% call ml_tracing.query_step(query, name) %}<SQL>{% endcall %}` adds a step, which reads
    an earlier step by its name, or a stage through `query.read[<name>]`: the
    stage's name as a CTE or, where the query is staged, its table
    `<this>__<name>`. A step is a stage when added with `stage=true` (by default
    when the query was started with `stage_each=true`). Where the query is
    staged, the model's pre-hook (stage_query_steps) writes each stage to its
    table, preceded by the earlier steps it reads that are not stages, and the
    post-hook drops the tables (drop_staged_query_steps); the model's own query
    keeps the steps that are not stages (query_ctes, query_statement). The rows
    are the same either way. -#}

{% macro query_steps(staged, stage_each=false) %}
    {{- return({'steps': [], 'read': {}, 'staged': staged, 'stage_each': stage_each}) -}}
{% endmacro %}

{#- Adds one step, the `caller` block's SQL; `hint` goes between a CTE's name and
    its query (mlt_inlined_cte); `ctes=true`: the SQL is CTEs already, the last one
    named `name`. -#}
{% macro query_step(query, name, hint='', stage=none, ctes=false) %}
    {%- set sql = caller() -%}
    {%- set staged = query.staged and (query.stage_each if stage is none else stage) -%}
    {%- set relation = this.incorporate(path={'identifier': this.identifier ~ '__' ~ name}) if staged else name -%}
    {%- do query.steps.append({'name': name, 'hint': hint, 'sql': sql[1:] if sql.startswith('\n') else sql,
                               'relation': relation, 'staged': staged, 'is_ctes': ctes}) -%}
    {%- do query.read.update({name: relation}) -%}
{% endmacro %}

{#- The steps as CTEs (`name as (…),`, one blank line apart). -#}
{% macro steps_as_ctes(steps) %}
    {%- set ctes = [] -%}
    {%- for step in steps -%}
        {%- do ctes.append(step.sql | trim ~ ',\n' if step.is_ctes else step.name ~ ' as ' ~ step.hint ~ '(\n' ~ step.sql ~ '),\n') -%}
    {%- endfor -%}
    {{- return(ctes | join('\n')) -}}
{% endmacro %}

{#- The CTEs of the model's own query that come from the steps: every step, or for a
    staged query the steps that are not stages. -#}
{% macro query_ctes(steps) %}
    {{- return(ml_tracing.steps_as_ctes(steps | rejectattr('staged') | list)) -}}
{% endmacro %}

{#- The model's query: the steps as CTEs, then `select * from <the last step>`; for
    a staged query only the steps it reads that are not stages. -#}
{% macro query_statement(steps) %}
    {%- set sql = 'select * from ' ~ steps[-1].name -%}
    {{- return(ml_tracing._with_read_ctes(steps, sql) if steps | selectattr('staged') | list else ml_tracing._with_ctes(steps, sql)) -}}
{% endmacro %}

{#- `sql` preceded by the steps of `earlier` that it reads, directly or through
    another, and that are not stages, as CTEs (a step reads another by its name). -#}
{% macro _with_read_ctes(earlier, sql) %}
    {%- set needed = [] -%}
    {%- set read = namespace(text=sql) -%}
    {%- for step in earlier | rejectattr('staged') | reverse -%}
        {#- a plain substring test first: far faster than the regular expression on long SQL -#}
        {%- if step.name in read.text and modules.re.search('\\b' ~ step.name ~ '\\b', read.text) -%}
            {%- do needed.insert(0, step) -%}
            {%- set read.text = read.text ~ '\n' ~ step.sql -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(ml_tracing._with_ctes(needed, sql)) -}}
{% endmacro %}

{#- `sql` preceded by `steps` as CTEs. -#}
{% macro _with_ctes(steps, sql) %}
    {{- return(('with\n\n' ~ ml_tracing.steps_as_ctes(steps)[:-2] ~ '\n\n' if steps else '') ~ sql) -}}
{% endmacro %}

{#- The stages of a staged query, in order: [{relation, sql}], each stage's query a
    statement of its own, with the earlier steps it reads that are not stages
    (one pass over the steps: a wide search has hundreds of stages). -#}
{% macro query_stages(steps) %}
    {%- set stages = [] -%}
    {%- set not_staged = [] -%}
    {%- for step in steps -%}
        {%- if step.staged -%}
            {%- do stages.append({'relation': step.relation, 'sql': ml_tracing._with_read_ctes(not_staged, step.sql)}) -%}
        {%- else -%}
            {%- do not_staged.append(step) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(stages) -}}
{% endmacro %}

{#- Pre-hook: builds each stage's table, in order (a no-op where nothing is staged). -#}
{% macro stage_query_steps(steps) %}
    {%- if execute -%}
        {%- for stage in ml_tracing.query_stages(steps) -%}
            {%- do run_query('drop table if exists ' ~ stage.relation) -%}
            {%- do run_query(ml_tracing.mlt_create_table_as(stage.relation, stage.sql)) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return('') -}}
{% endmacro %}

{#- Post-hook: drops the stages' tables. -#}
{% macro drop_staged_query_steps(steps) %}
    {%- if execute -%}
        {%- for stage in steps | selectattr('staged') -%}
            {%- do run_query('drop table if exists ' ~ stage.relation) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return('') -}}
{% endmacro %}
