{#
    Fails when a column's share of NULLs exceeds `threshold`. With `ml_model`, per
    window of that monitored model (from ml_tracing__data_quality, the column being
    one of its drift features; on the model rather than a column: every drift
    feature); without, over the whole model it is attached to — any model, source
    or column of a project, filtered by dbt's `where`. A NaN in a numeric column
    counts as NULL, as the package stages it.

    models:
      - name: fraud_predictions
        columns:
          - name: state
            data_tests:
              - ml_tracing.expect_null_rate_to_be_below:
                  arguments: {threshold: 0.01}
#}
{% test expect_null_rate_to_be_below(model, column_name, threshold, ml_model=none, windows='all') %}
    {%- set test_name = 'expect_null_rate_to_be_below' -%}
    {% if ml_model %}
        {% set conditions = ml_tracing._gate_conditions(test_name, ml_model, column_name=column_name, feature_column='subject')
            + ["check_name = 'null_rate'"] %}
        {{ ml_tracing._threshold_breaches(test_name, ref('ml_tracing__data_quality'), 'observed_value',
            threshold, 'above', 'subject', 'baseline_value', conditions, windows, judged_windows='rows', valid='share_above') }}
    {% else %}
        {% if not column_name %}
            {{ exceptions.raise_compiler_error(test_name ~ ": without `ml_model` the test judges one column: put it under a column"
                ~ " (`columns: - name: <column>  data_tests: ...`), or give `ml_model` to judge every drift feature of a monitored model") }}
        {% endif %}
        {#- under dbt's `where`, `model` is a filtering query: the columns' types are the tested relation's -#}
        {% set relation = ml_tracing._tested_relation() if execute and model is string else model %}
        {% set stored = namespace(numeric=false) %}
        {% for column in (adapter.get_columns_in_relation(relation) if execute and relation else []) if column.name | lower == column_name | lower %}
            {% set stored.numeric = ml_tracing.mlt_is_numeric_type(column.data_type) %}
        {% endfor %}
        {#- the share in a double: Spark averages the literal 1.0 as a decimal of 5 places -#}
        {% set whole_model %}
            (
                select
                    '{{ relation.identifier if relation else '' }}' as model_name,
                    cast(null as date) as window_start,
                    avg(case when {{ ml_tracing.staged_value(column_name, 'double') if stored.numeric else column_name }} is null then cast(1 as {{ ml_tracing.mlt_type_double() }}) else 0 end) as null_rate
                from {{ model }}
            ) as whole_model
        {% endset %}
        {{ ml_tracing._threshold_breaches(test_name, whole_model, 'null_rate', threshold, 'above',
            "'" ~ column_name ~ "'", windows=windows, reads_marts=false, valid='share_above') }}
    {% endif %}
{% endtest %}

{#- The relation a test is attached to (a model, seed, snapshot or source), read
    from the graph: under dbt's `where` the test's `model` argument is a query.
    `model` here is the test node. -#}
{% macro _tested_relation() %}
    {%- set tested = model.attached_node or (model.depends_on.nodes | first) -%}
    {%- set node = graph.nodes.get(tested) or graph.sources.get(tested) -%}
    {%- if not node -%}{{ return(none) }}{%- endif -%}
    {{- return(adapter.get_relation(node.database, node.schema, node.identifier if node.resource_type == 'source' else node.alias)) -}}
{% endmacro %}
