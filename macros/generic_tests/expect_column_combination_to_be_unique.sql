{#
    Fails for every combination of `columns` that occurs more than once — the
    grain check of a mart. Returns each duplicated key with `row_count`, the
    number of rows sharing it (`_row_count` if a key column is named row_count,
    and so on: stored failures need distinct column names). NULLs compare equal (GROUP BY puts them in one
    group), so a NULL window_start is one window.

    models:
      - name: ml_tracing__slice_metrics
        data_tests:
          - ml_tracing.expect_column_combination_to_be_unique:
              arguments:
                columns: [model_name, window_start, metric_name, slice_key]
              config:
                severity: error    # or warn, with warn_if / error_if
#}
{% test expect_column_combination_to_be_unique(model, columns) %}
    {%- if columns is string or columns is mapping or columns is not iterable or columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "expect_column_combination_to_be_unique: `columns` must be a non-empty list of column names, e.g. [model_name, window_start]; got: " ~ columns
        ) }}
    {%- endif -%}
    {%- for column in columns -%}
        {%- if column is not string or column | trim == '' -%}
            {{ exceptions.raise_compiler_error(
                "expect_column_combination_to_be_unique: every entry of `columns` must be a column name; got: " ~ column
            ) }}
        {%- endif -%}
    {%- endfor %}
    {%- set count_column = namespace(name='row_count') -%}
    {%- for column in columns if count_column.name in columns | map('lower') | list -%}
        {%- set count_column.name = '_' ~ count_column.name -%}
    {%- endfor %}

    select
        {{ columns | join(', ') }},
        count(*) as {{ count_column.name }}
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
