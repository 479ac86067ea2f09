{#- One GROUPING SETS query per chunk of `sets` over `source` (a relation or CTE with
    scope, window_start, the model's slice columns and the `measures` to sum),
    the chunks joined by UNION ALL: memory stays bounded and each engine's cap
    (mlt_max_grouping_sets) is respected.

    Each row carries `slice_columns`, `slice_depth` and every slice column's value
    (NULL when not in the slice); `keyed_slices` adds the key and predicate.

    measures       [alias, expression] pairs, summed per slice
    where          a filter on the source rows
    search         the source is the pruned search's (pruned_slice_search): it
                   carries `search_window`, and each row gets `is_reported`
    skip_pruned    the source marks each value (`value_mark_<column>`: 0 pruned,
                   1 expanded by a window the search window serves, 2 by the window
                   itself): group by the marks too, drop the slices that hold a
                   pruned value
                   (filtered around the grouping query, not in HAVING: Spark resolves
                   HAVING against the select list's aliases), and report a current
                   slice when all its values are the window's own
    parent_own     the source also carries `is_parent_own` (the slice's parent was
                   expanded by the window itself), which the report requires -#}
{% macro _slice_grouping_query(source, model, sets, measures, where=none, search=false, skip_pruned=false, parent_own=false) %}
    {%- set columns = model.slice_columns | map(attribute='name') | list -%}
    {%- set window_keys = ['scope', 'window_start'] + (['search_window'] if search else []) -%}
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
        model_name, {{ window_keys | join(', ') }}, slice_columns, slice_depth,
        {{ columns | join(', ') }},
        {{ measures | map('first') | join(', ') }},
        is_reported
    from (
    {% endif -%}
    select
        '{{ model.name }}' as model_name,
        {{ window_keys | join(',\n        ') }},
        {{ ml_tracing.slice_columns_list(chunk_columns) }} as slice_columns,
        {{ ml_tracing.slice_depth(chunk_columns) }} as slice_depth,
        {%- if skip_pruned %}
        {% for column in chunk_columns %}coalesce(value_mark_{{ column }}, 1) = 0{% if not loop.last %} or {% endif %}{% else %}false{% endfor %} as holds_pruned_value,
        {%- set own = [] %}
        {%- for column in chunk_columns %}{% do own.append('coalesce(value_mark_' ~ column ~ ', 2) = 2') %}{% endfor %}
        {%- if parent_own %}{% do own.append('is_parent_own') %}{% endif %}
        scope = 'baseline' or ({{ own | join(' and ') or 'true' }}) as is_reported,
        {%- elif search %}
        true as is_reported,
        {%- endif %}
        {%- for column in columns %}
        {{ column if column in chunk_columns else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as {{ column }},
        {%- endfor %}
        {%- for alias, expression in measures %}
        {{ ml_tracing.summed_component(alias, expression) }} as {{ alias }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ source }}
    {%- if where %}
    where
        {{ where }}
    {%- endif %}
    group by grouping sets (
        {%- for grouping_set in chunk %}
        {%- set keys = window_keys + (['is_parent_own'] if parent_own else []) %}
        {%- for column in grouping_set %}
        {%- do keys.append(column) %}
        {%- if skip_pruned %}{% do keys.append('value_mark_' ~ column) %}{% endif %}
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
    `measures`, as _slice_grouping_query returns them; with `searched`, also
    `is_reported` and `is_expanded`) with the slice's window key, canonical key and
    predicate, built once here rather than in every grouping query, and a column
    for every slice column of `slice_columns` (all models': one table holds them). -#}
{% macro keyed_slices(source, model, measures, slice_columns, searched=false) %}
    {%- set columns = model.slice_columns | map(attribute='name') | list -%}
    select
        '{{ model.name }}' as model_name,
        scope,
        window_start,
        {{ ml_tracing.slice_tuple_window_key('scope', 'window_start', "'" ~ model.name ~ "'") }} as window_key,
        {{ ml_tracing.slice_key(columns) }} as slice_key,
        {{ ml_tracing.slice_predicate(columns) }} as slice_predicate,
        slice_columns,
        slice_depth,
        {%- for column in slice_columns %}
        {{ column if column in columns else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as {{ column }},
        {%- endfor %}
        {%- for measure in measures %}
        {{ measure }},
        {%- endfor %}
        {{ 'is_reported' if searched else 'true' }} as is_reported,
        {{ 'is_expanded' if searched else 'false' }} as is_expanded,
        {{ ml_tracing.built_at() }} as built_at
    from {{ source }}
{%- endmacro %}
