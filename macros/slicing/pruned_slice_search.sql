{#- Level-wise slice search with exact pruning (`slice_search: pruned`): emits the
    CTEs `<model>_*` and ends with `rollup_<model>`, the same rows as `slice_rollup`
    for every slice the search reaches.

    For a ratio metric (numerator / denominator of summed components) the impact
    score is additive over rows: impact(S) = sum over the tuples t of S of
    excess(t) = ±(numerator(t) − overall × denominator(t)) / overall denominator.
    Every slice is a union of whole tuples, so for each descendant D of S,
    impact(D) <= sum over t in S of max(0, excess(t)) — the slice's upper bound
    (for metrics without a direction, the larger of the positive and the negative
    sum bounds |impact|).

    Each window is searched on its own (its "own" slices, `is_reported`):
      level 1      every single-column slice;
      expand       a reported slice is expanded when it has at least
                   `min_slice_rows` rows and, for some metric, its upper bound
                   reaches the window's `top_k`-th best impact found so far (or fewer
                   than `top_k` slices are known); a model with a metric that is not a
                   ratio (rmse, r2, calibration_error, macro averages) expands every
                   slice with enough rows;
      level 2      every pair of expanded values;
      level L >= 3 the children of expanded level L−1 slices only.
    A slice that could rank in the top `top_k` of a window and metric has ancestors
    that were all expanded, so the top `top_k` equal the exhaustive search's.

    A window also computes, without reporting them, the slices that the windows
    whose rolling baseline it feeds (the `days` after it) expand, and the shared
    baseline those that any window expands: each reported slice has its baseline.
    Values that no window served expands can head no computed slice: after level 1
    they are marked pruned and the tuples re-aggregated (`reduced`), which makes
    them fewer and the bounds tighter.

    `incremental`: search only the windows whose tuples changed (`changed`, the
    model's CTE `changed_windows` or its staged table) and the `days` windows before
    each; the expansions of the other windows are read from {{ this }} (`is_expanded`).

    The search is a list of steps (pruned_slice_search_steps, query_steps),
    rendered here as CTEs; `staged`: only the last, `rollup_<model>`, whose earlier
    steps the rollup's pre-hook writes to tables (staged_slice_search), but for the
    steps that a single later step reads, which are CTEs of its statement. -#}
{% macro pruned_slice_search(relation, model, components, slice_columns, incremental, staged=false) %}
    {{- return(ml_tracing.query_ctes(ml_tracing.pruned_slice_search_steps(relation, model, components, slice_columns, incremental, staged))) -}}
{% endmacro %}

{#- The search's steps, in order (query_steps): with `staged`, each step but the
    last is read from its table `<this>__<name>` (staged_slice_search). -#}
{% macro pruned_slice_search_steps(relation, model, components, slice_columns, incremental, staged=false, changed='changed_windows') %}
    {%- set name = model.name -%}
    {%- set columns = model.slice_columns | map(attribute='name') | list -%}
    {%- set bounded = ml_tracing._bounded_metrics(model) -%}
    {%- set feeding_days = model.baseline.days if model.baseline.kind == 'rolling' else 0 -%}
    {%- set measures = [] -%}
    {%- for component in components %}{% do measures.append([component, component]) %}{% endfor -%}
    {%- for metric in bounded -%}
        {%- do measures.append(['positive_part_' ~ metric.name, 'greatest(excess_' ~ metric.name ~ ', 0)']) -%}
        {%- do measures.append(['negative_part_' ~ metric.name, 'greatest(-excess_' ~ metric.name ~ ', 0)']) -%}
    {%- endfor -%}
    {%- set sets = ml_tracing.slice_column_sets(columns, model.max_slice_depth) -%}
    {%- set tuples = name ~ ('_tuple_excess' if bounded else '_tuples') -%}
    {%- set reduced = name ~ ('_reduced_excess' if bounded else '_reduced') -%}
    {#- every step but the last is a stage (query_steps); read[step name]: where a later step reads that step -#}
    {%- set search = ml_tracing.query_steps(staged, stage_each=true) -%}
    {%- set read = search.read -%}

{%- call ml_tracing.query_step(search, name ~ '_windows') %}
    select distinct window_start
    from {{ relation }}
    where model_name = '{{ name }}' and scope = 'current'
{% endcall -%}

{%- call ml_tracing.query_step(search, name ~ '_searched_windows') %}
    {%- if incremental %}
    -- the windows whose tuples changed{% if feeding_days %}, and the windows of the {{ feeding_days }} day(s) before each (they feed its baseline){% endif %}
    select distinct windows.window_start
    from {{ read[name ~ '_windows'] }} as windows
    inner join {{ changed }} as changed
        on changed.model_name = '{{ name }}'
        and windows.window_start >= {{ ml_tracing.mlt_add_days('changed.window_start', -feeding_days) }}
        and windows.window_start <= changed.window_start
    {%- else %}
    select window_start from {{ read[name ~ '_windows'] }}
    {%- endif %}
{% endcall -%}

{%- call ml_tracing.query_step(search, name ~ '_feeds') %}
    -- each searched window (and the shared baseline, 'all') and the windows whose expansions it computes
    select
        {{ ml_tracing._search_window('searched.window_start') }} as search_window,
        served.window_start as served_window_start,
        case when served.window_start = searched.window_start then 1 else 0 end as is_self
    from {{ read[name ~ '_searched_windows'] }} as searched
    inner join {{ read[name ~ '_windows'] }} as served
        on searched.window_start <= served.window_start
        and {{ ml_tracing.mlt_add_days('searched.window_start', feeding_days) }} >= served.window_start
    {%- if not model.baseline.is_per_window %}

    union all

    select 'all' as search_window, window_start as served_window_start, 0 as is_self
    from {{ read[name ~ '_windows'] }}
    {%- endif %}
{% endcall -%}

{%- if incremental -%}
{%- call ml_tracing.query_step(search, name ~ '_held_expansions') %}
    -- the expansions of the windows this run leaves as they are
    select
        window_start,
        slice_depth,
        slice_columns,
        {{ columns | join(',\n        ') }}
    from {{ this }}
    where
        model_name = '{{ name }}'
        and scope = 'current'
        and is_expanded
        and window_start not in (select searched.window_start from {{ read[name ~ '_searched_windows'] }} as searched)
{% endcall -%}
{%- endif -%}

{#- staged, the steps that one later step reads are CTEs of its statement (writing
    out their rows cost more than computing them there: at 10M tuples × 20 columns
    the rollup took 160.5 s instead of 190.6 s), and so are the tuples of a full
    build, a filtered scan read by three -#}
{%- call ml_tracing.query_step(search, name ~ '_tuples', hint='' if incremental else ml_tracing.mlt_inlined_cte(), stage=incremental) %}
    select
        scope,
        window_start,
        {{ ml_tracing._search_window('window_start') }} as search_window,
        {{ (columns + components) | join(',\n        ') }}
    from {{ relation }}
    where
        model_name = '{{ name }}'
        {%- if incremental %}
        -- a shared baseline has no window: it is searched every run
        and (
            window_start is null
            or window_start in (select searched.window_start from {{ read[name ~ '_searched_windows'] }} as searched)
        )
        {%- endif %}
{% endcall -%}

{%- call ml_tracing.query_step(search, name ~ '_overall') %}
    select
        scope,
        window_start,
        search_window,
        {%- for component in components %}
        {{ ml_tracing.summed_component(component) }} as {{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ read[name ~ '_tuples'] }}
    group by scope, window_start, search_window
{% endcall -%}

{%- if bounded -%}
{%- call ml_tracing.query_step(search, name ~ '_tuple_excess', stage=false) %}
    {{- ml_tracing._tuple_excess(read[name ~ '_tuples'], read[name ~ '_overall'], bounded) }}
{% endcall -%}
{%- endif -%}

{%- for depth in range(1, model.max_slice_depth + 1) -%}
{%- set level_sets = [] -%}
{%- for grouping_set in sets if grouping_set | length == depth %}{% do level_sets.append(grouping_set) %}{% endfor -%}
{%- if depth >= 3 %}
{%- set by_parent = {} %}
{%- set parents = [] %}
{%- for grouping_set in level_sets %}
    {%- set parent = grouping_set[:-1] | join(',') %}
    {%- if parent not in by_parent %}{% do parents.append(grouping_set[:-1]) %}{% do by_parent.update({parent: []}) %}{% endif %}
    {%- do by_parent[parent].append(grouping_set) %}
{%- endfor %}
{#- staged: the level in statements of a bounded number of parent column sets, each
    with its parents' tuples as CTEs (one statement over hundreds of them takes the
    engine long to plan), then their union -#}
{%- set parent_steps = [] %}
{%- for parent in parents -%}
{%- call ml_tracing.query_step(search, name ~ '_level_' ~ depth ~ '_parent_' ~ loop.index, stage=false) %}
    -- the tuples under a slice of {{ parent | join(', ') }} expanded by a window their search window serves
    {{ ml_tracing._tuples_under_expanded(read[reduced], read[name ~ '_expanded_' ~ (depth - 1)], parent) }}
{% endcall -%}
{%- do parent_steps.append({'columns': by_parent[parent | join(',')], 'tuples': read[name ~ '_level_' ~ depth ~ '_parent_' ~ loop.index]}) -%}
{%- endfor %}
{%- set parts = [] %}
{%- if staged -%}
{%- for part in parent_steps | batch(ml_tracing.mlt_parents_per_statement()) -%}
{%- call ml_tracing.query_step(search, name ~ '_level_' ~ depth ~ '_part_' ~ loop.index) %}
    {{ ml_tracing._level_under_parents(part, model, measures) | trim }}
{% endcall -%}
{%- do parts.append(read[name ~ '_level_' ~ depth ~ '_part_' ~ loop.index]) -%}
{%- endfor -%}
{%- endif -%}
{%- endif -%}

{%- call ml_tracing.query_step(search, name ~ '_level_' ~ depth) %}
    {%- if depth == 1 %}
    {{ ml_tracing._slice_grouping_query(read[tuples], model, level_sets, measures, search=true) }}
    {%- elif depth == 2 %}
    {{ ml_tracing._slice_grouping_query(read[reduced], model, level_sets, measures, search=true, skip_pruned=true) }}
    {%- elif parts %}
    {%- for part in parts %}
    {%- if not loop.first %}

    union all
    {% endif %}
    select * from {{ part }}
    {%- endfor %}
    {%- else %}
    {{ ml_tracing._level_under_parents(parent_steps, model, measures) | trim }}
    {%- endif %}
{% endcall -%}

{%- if depth < model.max_slice_depth -%}
{%- if bounded -%}
{%- call ml_tracing.query_step(search, name ~ '_impacts_' ~ depth) %}
    -- the impact of every reported slice found so far, per window and metric
    {%- if depth > 1 %}
    select * from {{ read[name ~ '_impacts_' ~ (depth - 1)] }}
    {%- endif %}
    {%- for metric in bounded %}
    {%- if depth > 1 or not loop.first %}

    union all
    {%- endif %}

    select
        window_start,
        '{{ metric.name }}' as metric_name,
        {{ metric.impact }} as impact_score
    from {{ read[name ~ '_level_' ~ depth] }}
    where
        scope = 'current'
        and is_reported
        and n_rows >= {{ model.min_slice_rows }}
        and {{ metric.denominator }} <> 0
    {%- endfor %}
{% endcall -%}

{%- call ml_tracing.query_step(search, name ~ '_ranked_' ~ depth) %}
    select
        window_start,
        metric_name,
        impact_score,
        row_number() over (partition by window_start, metric_name order by impact_score desc) as impact_rank
    from {{ read[name ~ '_impacts_' ~ depth] }}
{% endcall -%}
{%- endif -%}

{%- call ml_tracing.query_step(search, name ~ '_flagged_' ~ depth) %}
    -- a reported slice is expanded when it has enough rows and its bound reaches its window's top_k-th impact
    select
        slices.*,
        slices.scope = 'current'
        and slices.is_reported
        and slices.n_rows >= {{ model.min_slice_rows }}
        {%- if bounded %}
        and (
            {%- for metric in bounded %}
            {%- set threshold = 'threshold_' ~ metric.name ~ '.impact_score' %}
            {% if not loop.first %}or {% endif %}{{ threshold }} is null
            or {{ metric.upper_bound | replace('positive_part', 'slices.positive_part') | replace('negative_part', 'slices.negative_part') }}
            >= {{ threshold }} - 1e-9 * (1 + abs({{ threshold }}))
            {%- endfor %}
        )
        {%- endif %} as is_expanded
    from {{ read[name ~ '_level_' ~ depth] }} as slices
    {%- for metric in bounded %}
    left join {{ read[name ~ '_ranked_' ~ depth] }} as threshold_{{ metric.name }}
        on slices.window_start = threshold_{{ metric.name }}.window_start
        and threshold_{{ metric.name }}.metric_name = '{{ metric.name }}'
        and threshold_{{ metric.name }}.impact_rank = {{ model.top_k }}
    {%- endfor %}
{% endcall -%}

{%- call ml_tracing.query_step(search, name ~ '_expanded_' ~ depth) %}
    -- per search window: the slices expanded by a window it serves, and whether by itself
    select
        feeds.search_window,
        expanded.slice_columns,
        {%- for column in columns %}
        expanded.{{ column }},
        {%- endfor %}
        max(feeds.is_self) as is_own
    from (
        select window_start as served_window_start, slice_columns, {{ columns | join(', ') }}
        from {{ read[name ~ '_flagged_' ~ depth] }}
        where is_expanded
        {%- if incremental %}

        union all

        select window_start as served_window_start, slice_columns, {{ columns | join(', ') }}
        from {{ read[name ~ '_held_expansions'] }}
        where slice_depth = {{ depth }}
        {%- endif %}
    ) as expanded
    inner join {{ read[name ~ '_feeds'] }} as feeds
        on expanded.served_window_start = feeds.served_window_start
    group by
        feeds.search_window,
        expanded.slice_columns,
        {%- for column in columns %}
        expanded.{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
{% endcall -%}

{%- if depth == 1 -%}
{%- call ml_tracing.query_step(search, name ~ '_marked', stage=false) %}
    -- per search window, each value's mark: 0 no served window expanded it (pruned), 2 the window itself did, else 1
    select
        tuples.scope,
        tuples.window_start,
        tuples.search_window,
        {%- for column in columns %}
        case when expanded_{{ column }}.slice_columns is not null then tuples.{{ column }} end as {{ column }},
        case
            when expanded_{{ column }}.slice_columns is null then 0
            when expanded_{{ column }}.is_own = 1 then 2
            else 1
        end as value_mark_{{ column }},
        {%- endfor %}
        {%- for component in components %}
        tuples.{{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ read[name ~ '_tuples'] }} as tuples
    {%- for column in columns %}
    left join {{ read[name ~ '_expanded_1'] }} as expanded_{{ column }}
        on expanded_{{ column }}.slice_columns = '{{ column }}'
        and tuples.search_window = expanded_{{ column }}.search_window
        and {{ ml_tracing._same_slice_value('expanded_' ~ column ~ '.' ~ column, 'tuples.' ~ column) }}
    {%- endfor %}
{% endcall -%}

{%- call ml_tracing.query_step(search, name ~ '_reduced', stage=not bounded) %}
    select
        scope,
        window_start,
        search_window,
        {%- for column in columns %}
        {{ column }},
        value_mark_{{ column }},
        {%- endfor %}
        {%- for component in components %}
        {{ ml_tracing.summed_component(component) }} as {{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ read[name ~ '_marked'] }}
    group by
        scope,
        window_start,
        search_window,
        {%- for column in columns %}
        {{ column }},
        value_mark_{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
{% endcall -%}

{%- if bounded -%}
{%- call ml_tracing.query_step(search, name ~ '_reduced_excess') %}
    {{- ml_tracing._tuple_excess(read[name ~ '_reduced'], read[name ~ '_overall'], bounded) }}
{% endcall -%}
{%- endif -%}
{%- endif -%}
{%- endif -%}
{%- endfor -%}

{%- call ml_tracing.query_step(search, name ~ '_slices') %}
    select
        scope,
        window_start,
        '' as slice_columns,
        0 as slice_depth,
        {%- for column in columns %}
        cast(null as {{ dbt.type_string() }}) as {{ column }},
        {%- endfor %}
        {%- for component in components %}
        {{ component }},
        {%- endfor %}
        true as is_reported,
        false as is_expanded
    from {{ read[name ~ '_overall'] }}
    {%- for depth in range(1, model.max_slice_depth + 1) %}

    union all

    select
        {{ (['scope', 'window_start', 'slice_columns', 'slice_depth'] + columns + components + ['is_reported']) | join(',\n        ') }},
        {{ 'is_expanded' if depth < model.max_slice_depth else 'false as is_expanded' }}
    from {{ read[name ~ '_' ~ ('flagged_' if depth < model.max_slice_depth else 'level_') ~ depth] }}
    {%- endfor %}
{% endcall -%}

{%- call ml_tracing.query_step(search, 'rollup_' ~ name, stage=false) %}
    {{ ml_tracing.keyed_slices(read[name ~ '_slices'], model, components, slice_columns, searched=true) }}
{% endcall -%}
    {{- return(search.steps) -}}
{% endmacro %}

{#- The model's metrics whose impact is additive over rows (ratios of summed
    components), with the SQL of their denominator, impact and upper bound over a
    slice's summed positive / negative parts. Empty when any metric is not a ratio:
    no bound then holds for it, and only the minimum support prunes. -#}
{% macro _bounded_metrics(model) %}
    {%- set catalog = ml_tracing.metric_catalog() -%}
    {%- set bounded = [] -%}
    {%- for metric in model.metrics -%}
        {%- set spec = catalog[metric] -%}
        {%- if not spec.get('numerator') -%}{{ return([]) }}{%- endif -%}
        {%- set parts = 'positive_part_' ~ metric ~ ' - negative_part_' ~ metric -%}
        {%- do bounded.append({
            'name': metric,
            'spec_numerator': spec.numerator,
            'spec_denominator': spec.denominator,
            'denominator': '(' ~ (spec.denominator | replace('@', '')) ~ ')',
            'higher_is_better': spec.higher_is_better,
            'impact': parts if spec.higher_is_better is not none else 'abs(' ~ parts ~ ')',
            'upper_bound': 'positive_part_' ~ metric if spec.higher_is_better is not none
                else 'greatest(positive_part_' ~ metric ~ ', negative_part_' ~ metric ~ ')',
        }) -%}
    {%- endfor -%}
    {{ return(bounded) }}
{% endmacro %}

{#- Each current tuple's excess per bounded metric: its additive share of the impact
    score of any slice holding it (positive = worse than the window as a whole);
    0 for baseline tuples. -#}
{% macro _tuple_excess(source, overall, bounded) %}
    select
        tuples.*
        {%- for metric in bounded %},
        {%- set overall_denominator = metric.spec_denominator | replace('@', 'overall.') %}
        {%- set overall_value = ml_tracing.mlt_divide(metric.spec_numerator | replace('@', 'overall.'), overall_denominator) %}
        {%- set excess = '(' ~ (metric.spec_numerator | replace('@', 'tuples.')) ~ ') - '
            ~ overall_value ~ ' * (' ~ (metric.spec_denominator | replace('@', 'tuples.')) ~ ')' %}
        {%- if metric.higher_is_better %}{% set excess = '-(' ~ excess ~ ')' %}{% endif %}
        coalesce({{ ml_tracing.mlt_divide(excess, overall_denominator) }}, 0) as excess_{{ metric.name }}
        {%- endfor %}
    from {{ source }} as tuples
    left join {{ overall }} as overall
        on tuples.scope = 'current'
        and overall.scope = 'current'
        and tuples.window_start = overall.window_start
{% endmacro %}

{#- Slice values compared with NULL as a value of its own (hash-joinable everywhere). -#}
{% macro _same_slice_value(left, right) %}
    {{- return('coalesce(' ~ left ~ ", '') = coalesce(" ~ right ~ ", '') and (" ~ left ~ ' is null) = (' ~ right ~ ' is null)') -}}
{% endmacro %}

{#- A level of depth >= 3: the union of the grouping queries over each parent's
    tuples ({columns: the parent's column sets one deeper, tuples: its step}). -#}
{% macro _level_under_parents(parent_steps, model, measures) %}
    {%- for parent in parent_steps %}
    {%- if not loop.first %}

    union all
    {% endif %}
    {{ ml_tracing._slice_grouping_query(parent.tuples, model, parent.columns, measures, search=true, skip_pruned=true, parent_own=true) }}
    {%- endfor %}
{%- endmacro %}

{#- The tuples of `source` under a slice of the `parent` columns that their search
    window's served windows expanded (a join with the expanded slices, which are
    distinct per search window: no tuple is repeated), with `is_parent_own`. -#}
{% macro _tuples_under_expanded(source, expanded, parent) %}
    {%- set matches = [] -%}
    {%- for column in parent %}{% do matches.append(ml_tracing._same_slice_value('parents.' ~ column, 'tuples.' ~ column)) %}{% endfor -%}
    select
        tuples.*,
        parents.is_own = 1 as is_parent_own
    from {{ source }} as tuples
    inner join {{ expanded }} as parents
        on parents.slice_columns = '{{ parent | join(',') }}'
        and tuples.search_window = parents.search_window
        and {{ matches | join('\n        and ') }}
    where
        {%- for column in parent %}
        {% if not loop.first %}and {% endif %}tuples.value_mark_{{ column }} > 0
        {%- endfor %}
{%- endmacro %}

{#- The window a tuple is searched in, as text (hash-joinable everywhere): its
    window, or 'all' for a shared baseline. -#}
{% macro _search_window(window_start) %}
    {{- return('coalesce(cast(' ~ window_start ~ ' as ' ~ dbt.type_string() ~ "), 'all')") -}}
{% endmacro %}
