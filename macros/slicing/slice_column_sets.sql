{#- Every combination of `columns` (already in canonical order) of size 0..max_depth,
    ordered by size then position: the grouping sets of a slice rollup. -#}
{% macro slice_column_sets(columns, max_depth) %}
    {% set sets = [[]] %}
    {% set state = namespace(frontier=[[]]) %}
    {% for depth in range(max_depth) %}
        {% set next_frontier = [] %}
        {% for combination in state.frontier %}
            {% set start = (columns.index(combination[-1]) + 1) if combination else 0 %}
            {% for column in columns[start:] %}
                {% do next_frontier.append(combination + [column]) %}
            {% endfor %}
        {% endfor %}
        {% do sets.extend(next_frontier) %}
        {% set state.frontier = next_frontier %}
    {% endfor %}
    {{ return(sets) }}
{% endmacro %}
