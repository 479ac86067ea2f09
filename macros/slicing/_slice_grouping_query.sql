{#- One GROUPING SETS query per chunk of `sets` over `source` (a relation or CTE with
    scope, window_start, the model's slice columns and the `measures` to sum),
    the chunks joined by UNION ALL: memory stays bounded and each engine's cap
    (mlt_max_grouping_sets) is respected.

    Each row carries `slice_columns`, `slice_depth` and every slice column's value
    (NULL when not in the slice); `keyed_slices` adds the key and predicate.

    measures       [alias, expression] pairs, summed per slice
    where          a filter on the source rows
    skip_pruned    the source marks values the search pruned (`is_pruned_<column>`):
                   group by the marks too and drop the slices that hold a pruned value
                   (filtered around the grouping query, not in HAVING: Spark resolves
                   HAVING against the select list's aliases) -#}
{% macro _slice_grouping_query(source, model, sets, measures, where=none, skip_pruned=false) %}
    {%- set columns = model.slice_columns | map(attribute='name') | list -%}
    {%- set chunk_size = [model.grouping_sets_per_query, ml_tracing.mlt_max_grouping_sets()] | min -%}
    {%- for chunk_start in range(0, sets | length, chunk_size) %}
    {#- GROUPING() may only name columns grouped somewhere in its own query -#}
    {%- set chunk = sets[chunk_start:chunk_start + chunk_size] -%}
    {%- set chunk_columns = columns | select('in', chunk | sum(start=[])) | list -%}
    {%- if not loop.first %}

    union all

    {% endif -%}
    {%- if skip_pruned -%}
    select
        model_name, scope, window_start, slice_columns, slice_depth,
        {{ columns | join(', ') }},
        {{ measures | map('first') | join(', ') }}
    from (
    {% endif -%}
    select
        '{{ model.name }}' as model_name,
        scope,
        window_start,
        {{ slice_columns_list(chunk_columns) }} as slice_columns,
        {{ slice_depth(chunk_columns) }} as slice_depth,
        {%- if skip_pruned %}
        {% for column in chunk_columns %}coalesce(is_pruned_{{ column }}, false){% if not loop.last %} or {% endif %}{% else %}false{% endfor %} as holds_pruned_value,
        {%- endif %}
        {%- for column in columns %}
        {{ column if column in chunk_columns else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as {{ column }},
        {%- endfor %}
        {%- for alias, expression in measures %}
        sum({{ expression }}) as {{ alias }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ source }}
    {%- if where %}
    where
        {{ where }}
    {%- endif %}
    group by grouping sets (
        {%- for grouping_set in chunk %}
        {%- set keys = ['scope', 'window_start'] %}
        {%- for column in grouping_set %}
        {%- do keys.append(column) %}
        {%- if skip_pruned %}{% do keys.append('is_pruned_' ~ column) %}{% endif %}
        {%- endfor %}
        ({{ keys | join(', ') }}){% if not loop.last %},{% endif %}
        {%- endfor %}
    )
    {%- if skip_pruned %}
    ) as grouped
    where not holds_pruned_value
    {%- endif %}
    {%- endfor %}
{% endmacro %}

{#- The rows of `source` (slice_columns, slice_depth, the slice columns' values and
    `measures`, as _slice_grouping_query returns them) with the slice's canonical key
    and predicate, built once here rather than in every grouping query. -#}
{% macro keyed_slices(source, model, measures) %}
    {%- set columns = model.slice_columns | map(attribute='name') | list -%}
    select
        '{{ model.name }}' as model_name,
        scope,
        window_start,
        {{ slice_key(columns) }} as slice_key,
        {{ slice_predicate(columns) }} as slice_predicate,
        slice_columns,
        slice_depth,
        {%- for measure in measures %}
        {{ measure }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ source }}
{%- endmacro %}
