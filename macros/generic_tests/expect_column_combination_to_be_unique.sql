{#
    Fails for every combination of `columns` that occurs more than once — the
    grain check of a mart. NULLs compare equal (a NULL window is one window).

    models:
      - name: ml_tracing__slice_metrics
        data_tests:
          - ml_tracing.expect_column_combination_to_be_unique:
              arguments:
                columns: [model_name, window_start, metric_name, slice_key]
#}
{% test expect_column_combination_to_be_unique(model, columns) %}
    {% if columns is string or not columns %}
        {{ exceptions.raise_compiler_error("expect_column_combination_to_be_unique on " ~ model ~ ": `columns` must be a non-empty list of column names, got: " ~ columns) }}
    {% endif %}
    select
        {{ columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
