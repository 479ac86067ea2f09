{#
    Fails when a column's share of NULLs exceeds `threshold`. With `ml_model`, per
    window of that monitored model (from ml_tracing__data_quality, the column being
    one of its drift features); without, over the whole model it is attached to —
    any model or column of a project. A NaN in a numeric column counts as NULL, as
    the package stages it.

    models:
      - name: fraud_predictions
        columns:
          - name: state
            data_tests:
              - ml_tracing.expect_null_rate_to_be_below:
                  arguments: {threshold: 0.01}
#}
{% test expect_null_rate_to_be_below(model, column_name, threshold, ml_model=none, windows='all') %}
    {% if ml_model %}
        {% set conditions = ml_tracing._gate_conditions('expect_null_rate_to_be_below', ml_model, column_name=column_name, feature_column='subject')
            + ["check_name = 'null_rate'"] %}
        {{ ml_tracing._threshold_breaches('expect_null_rate_to_be_below', ref('ml_tracing__data_quality'), 'observed_value',
            threshold, 'above', 'subject', 'baseline_value', conditions, windows, judged_windows='rows', valid='share_above') }}
    {% else %}
        {% set stored = namespace(numeric=false) %}
        {% for column in (adapter.get_columns_in_relation(model) if execute else []) if column.name | lower == column_name | lower %}
            {% set stored.numeric = ml_tracing.mlt_is_numeric_type(column.data_type) %}
        {% endfor %}
        {% set whole_model %}
            (
                select
                    '{{ model.identifier }}' as model_name,
                    cast(null as date) as window_start,
                    avg(case when {{ ml_tracing.staged_value(column_name, 'double') if stored.numeric else column_name }} is null then 1.0 else 0.0 end) as null_rate
                from {{ model }}
            ) as whole_model
        {% endset %}
        {{ ml_tracing._threshold_breaches('expect_null_rate_to_be_below', whole_model, 'null_rate', threshold, 'above',
            "'" ~ column_name ~ "'", reads_marts=false, valid='share_above') }}
    {% endif %}
{% endtest %}
