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

      level 1      every single-column slice;
      expand       a slice is expanded when, in some window, it has at least
                   `min_slice_rows` rows and, for some metric, its upper bound
                   reaches the `top_k`-th best impact found so far (or fewer than
                   `top_k` slices are known); a model with a metric that is not a
                   ratio (rmse, r2, calibration_error, macro averages) expands every
                   slice with enough rows;
      reduce       tuple values whose single-column slice is not expanded can head
                   no reported slice: they are marked pruned and the tuples
                   re-aggregated, which makes them fewer and the bounds tighter;
      level 2      every pair of expanded values;
      level L >= 3 the children of expanded level L−1 slices only.
    A slice that could rank in the top `top_k` of a window and metric has ancestors
    that were all expanded, so the top `top_k` equal the exhaustive search's. -#}
{% macro pruned_slice_search(relation, model, components) %}
    {%- set name = model.name -%}
    {%- set columns = model.slice_columns | map(attribute='name') | list -%}
    {%- set bounded = _bounded_metrics(model) -%}
    {%- set measures = [] -%}
    {%- for component in components %}{% do measures.append([component, component]) %}{% endfor -%}
    {%- for metric in bounded -%}
        {%- do measures.append(['positive_part_' ~ metric.name, 'greatest(excess_' ~ metric.name ~ ', 0)']) -%}
        {%- do measures.append(['negative_part_' ~ metric.name, 'greatest(-excess_' ~ metric.name ~ ', 0)']) -%}
    {%- endfor -%}
    {%- set sets = slice_column_sets(columns, model.max_slice_depth) -%}
    {%- set tuples = name ~ ('_tuple_excess' if bounded else '_tuples') -%}
    {%- set reduced = name ~ ('_reduced_excess' if bounded else '_reduced') -%}
{{ name }}_tuples as (
    select
        {{ (['scope', 'window_start'] + columns + components) | join(',\n        ') }}
    from {{ relation }}
    where model_name = '{{ name }}'
),

{{ name }}_overall as (
    select
        scope,
        window_start,
        {%- for component in components %}
        sum({{ component }}) as {{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ name }}_tuples
    group by scope, window_start
),

{% if bounded -%}
{{ name }}_tuple_excess as (
    {{- _tuple_excess(name ~ '_tuples', name ~ '_overall', bounded) }}
),

{% endif -%}

{% for depth in range(1, model.max_slice_depth + 1) -%}
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
{%- for parent in parents %}
{{ name }}_level_{{ depth }}_parent_{{ loop.index }} as (
    -- the tuples under an expanded slice of {{ parent | join(', ') }}
    {{ _tuples_under_expanded(reduced, name ~ '_expanded_' ~ (depth - 1), parent) }}
),

{% endfor %}
{%- endif -%}
{{ name }}_level_{{ depth }} as (
    {%- if depth == 1 %}
    {{ _slice_grouping_query(tuples, model, level_sets, measures) }}
    {%- elif depth == 2 %}
    {{ _slice_grouping_query(reduced, model, level_sets, measures, skip_pruned=true) }}
    {%- else %}
    {%- for parent in parents %}
    {%- if not loop.first %}

    union all
    {% endif %}
    {{ _slice_grouping_query(
        name ~ '_level_' ~ depth ~ '_parent_' ~ loop.index, model, by_parent[parent | join(',')], measures,
        skip_pruned=true
    ) }}
    {%- endfor %}
    {%- endif %}
),

{% if depth < model.max_slice_depth -%}
{%- if bounded -%}
{{ name }}_impacts_{{ depth }} as (
    -- the impact of every reportable slice found so far, per window and metric
    {%- if depth > 1 %}
    select * from {{ name }}_impacts_{{ depth - 1 }}
    {%- endif %}
    {%- for metric in bounded %}
    {%- if depth > 1 or not loop.first %}

    union all
    {%- endif %}

    select
        window_start,
        '{{ metric.name }}' as metric_name,
        {{ metric.impact }} as impact_score
    from {{ name }}_level_{{ depth }}
    where scope = 'current' and n_rows >= {{ model.min_slice_rows }} and {{ metric.denominator }} <> 0
    {%- endfor %}
),

{{ name }}_ranked_{{ depth }} as (
    select
        window_start,
        metric_name,
        impact_score,
        row_number() over (partition by window_start, metric_name order by impact_score desc) as impact_rank
    from {{ name }}_impacts_{{ depth }}
),

{% endif -%}
{{ name }}_expanded_{{ depth }} as (
    -- slices with enough rows whose bound reaches the top_k-th impact in some window
    select distinct
        slices.slice_columns,
        {%- for column in columns %}
        slices.{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ name }}_level_{{ depth }} as slices
    {%- for metric in bounded %}
    left join {{ name }}_ranked_{{ depth }} as threshold_{{ metric.name }}
        on slices.window_start = threshold_{{ metric.name }}.window_start
        and threshold_{{ metric.name }}.metric_name = '{{ metric.name }}'
        and threshold_{{ metric.name }}.impact_rank = {{ model.top_k }}
    {%- endfor %}
    where
        slices.scope = 'current'
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
        {%- endif %}
),

{% if depth == 1 -%}
{{ name }}_marked as (
    -- values whose single-column slice is not expanded are marked pruned
    select
        tuples.scope,
        tuples.window_start,
        {%- for column in columns %}
        case when expanded_{{ column }}.slice_columns is not null then tuples.{{ column }} end as {{ column }},
        expanded_{{ column }}.slice_columns is null as is_pruned_{{ column }},
        {%- endfor %}
        {%- for component in components %}
        tuples.{{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ name }}_tuples as tuples
    {%- for column in columns %}
    left join {{ name }}_expanded_1 as expanded_{{ column }}
        on expanded_{{ column }}.slice_columns = '{{ column }}'
        and {{ _same_slice_value('expanded_' ~ column ~ '.' ~ column, 'tuples.' ~ column) }}
    {%- endfor %}
),

{{ name }}_reduced as (
    select
        scope,
        window_start,
        {%- for column in columns %}
        {{ column }},
        is_pruned_{{ column }},
        {%- endfor %}
        {%- for component in components %}
        sum({{ component }}) as {{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ name }}_marked
    group by
        scope,
        window_start,
        {%- for column in columns %}
        {{ column }},
        is_pruned_{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
),

{% if bounded -%}
{{ name }}_reduced_excess as (
    {{- _tuple_excess(name ~ '_reduced', name ~ '_overall', bounded) }}
),

{% endif -%}
{% endif -%}
{% endif -%}
{% endfor -%}
{{ name }}_slices as (
    select
        scope,
        window_start,
        '' as slice_columns,
        0 as slice_depth,
        {%- for column in columns %}
        cast(null as {{ dbt.type_string() }}) as {{ column }},
        {%- endfor %}
        {%- for component in components %}
        {{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ name }}_overall
    {%- for depth in range(1, model.max_slice_depth + 1) %}

    union all

    select
        {{ (['scope', 'window_start', 'slice_columns', 'slice_depth'] + columns + components) | join(',\n        ') }}
    from {{ name }}_level_{{ depth }}
    {%- endfor %}
),

rollup_{{ name }} as (
    {{ keyed_slices(name ~ '_slices', model, components) }}
),
{% endmacro %}

{#- The model's metrics whose impact is additive over rows (ratios of summed
    components), with the SQL of their denominator, impact and upper bound over a
    slice's summed positive / negative parts. Empty when any metric is not a ratio:
    no bound then holds for it, and only the minimum support prunes. -#}
{% macro _bounded_metrics(model) %}
    {%- set catalog = metric_catalog() -%}
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
        {%- set overall_value = mlt_divide(metric.spec_numerator | replace('@', 'overall.'), overall_denominator) %}
        {%- set excess = '(' ~ (metric.spec_numerator | replace('@', 'tuples.')) ~ ') - '
            ~ overall_value ~ ' * (' ~ (metric.spec_denominator | replace('@', 'tuples.')) ~ ')' %}
        {%- if metric.higher_is_better %}{% set excess = '-(' ~ excess ~ ')' %}{% endif %}
        coalesce({{ mlt_divide(excess, overall_denominator) }}, 0) as excess_{{ metric.name }}
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

{#- The tuples of `source` under a slice of the `parent` columns that was expanded
    (a join with the expanded slices, which are distinct: no tuple is repeated). -#}
{% macro _tuples_under_expanded(source, expanded, parent) %}
    {%- set matches = [] -%}
    {%- for column in parent %}{% do matches.append(_same_slice_value('parents.' ~ column, 'tuples.' ~ column)) %}{% endfor -%}
    select tuples.*
    from {{ source }} as tuples
    inner join {{ expanded }} as parents
        on parents.slice_columns = '{{ parent | join(',') }}'
        and {{ matches | join('\n        and ') }}
    where
        {%- for column in parent %}
        {% if not loop.first %}and {% endif %}not tuples.is_pruned_{{ column }}
        {%- endfor %}
{%- endmacro %}
