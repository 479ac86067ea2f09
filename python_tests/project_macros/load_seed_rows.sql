{#- Seed loading for the throwaway test projects (not part of the package). dbt's
    generic loaders render every value of a seed through Jinja, which takes minutes for
    the demo's 60,000 rows on PostgreSQL and Spark; these load the same CSV rows, fast.
    A root project's `<adapter>__load_csv_rows` takes precedence over dbt's own. -#}

{#- PostgreSQL: dbt's multi-row insert with bindings, the rows flattened in Python. -#}
{% macro postgres__load_csv_rows(model, agate_table) %}
    {%- set columns = get_seed_column_quoted_csv(model, agate_table.column_names) -%}
    {%- set row_placeholder = '(' ~ (['%s'] * (agate_table.column_names | length)) | join(', ') ~ ')' -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' (' ~ columns ~ ') values ' ~ ([row_placeholder] * (chunk | length)) | join(', ') -%}
        {%- do adapter.add_query(sql, bindings=modules.itertools.chain(*chunk) | list, abridge_sql_log=True) -%}
        {%- do statements.append(sql) -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}

{#- Spark: the CSV file read by Spark's own reader (RFC 4180 quoting, empty = NULL),
    each column cast to the seed's column type. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set view = 'seed_rows_' ~ this.schema ~ '__' ~ this.identifier -%}
    {%- set column_types = model['config'].get('column_types', {}) -%}
    {%- set selected = [] -%}
    {%- for name in agate_table.column_names -%}
        {%- set type = column_types.get(name, adapter.convert_type(agate_table, loop.index0)) -%}
        {%- do selected.append('cast(`' ~ name ~ '` as ' ~ type ~ ')') -%}
    {%- endfor -%}
    {%- do run_query("create or replace temporary view " ~ view ~ " using csv options (path '"
        ~ model.root_path ~ "/" ~ model.original_file_path ~ "', header 'true', multiLine 'true', escape '\"')") -%}
    {%- set sql = 'insert into ' ~ this.render() ~ ' select ' ~ selected | join(', ') ~ ' from ' ~ view -%}
    {%- do run_query(sql) -%}
    {%- do run_query('drop view ' ~ view) -%}
    {{ return(sql) }}
{% endmacro %}
