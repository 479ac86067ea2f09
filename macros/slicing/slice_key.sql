{#- Canonical, readable slice identifiers built inside a GROUPING SETS query.
    `GROUPING(col) = 0` means the column is part of the slice, so a NULL in the
    data is its own slice (`state is null`), never confused with the rollup.

    slice_key        merchant_category=online pharmacy & state=CA  ('all' for the whole window)
                     values are written as-is except '%', '&', '=', CR and LF,
                     which are percent-encoded so the key stays unambiguous
    slice_predicate  merchant_category = 'online pharmacy' and state = 'CA'
                     (a SQL filter to paste into a WHERE clause; 'true' for the whole window)
    slice_columns    merchant_category,state                                       -#}
{% macro slice_key(columns) %}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append(
            'case when grouping(' ~ column ~ ') = 0 then case when ' ~ column ~ " is null then '"
            ~ column ~ " is null' else '" ~ column ~ "=' || " ~ _encoded_slice_value(column) ~ ' end end'
        ) -%}
    {%- endfor -%}
    coalesce(nullif({{ mlt_concat_ws(' & ', parts) }}, ''), 'all')
{%- endmacro %}

{% macro slice_predicate(columns) %}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append(
            'case when grouping(' ~ column ~ ') = 0 then case when ' ~ column ~ " is null then '"
            ~ column ~ " is null' else '" ~ column ~ " = ''' || replace(" ~ column ~ ", '''', '''''') || '''' end end"
        ) -%}
    {%- endfor -%}
    coalesce(nullif({{ mlt_concat_ws(' and ', parts) }}, ''), 'true')
{%- endmacro %}

{% macro slice_columns_list(columns) %}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append('case when grouping(' ~ column ~ ") = 0 then '" ~ column ~ "' end") -%}
    {%- endfor -%}
    {{ mlt_concat_ws(',', parts) }}
{%- endmacro %}

{% macro slice_depth(columns) %}
    {%- if not columns %}0{% endif -%}
    {%- for column in columns -%}
        (1 - grouping({{ column }})){% if not loop.last %} + {% endif %}
    {%- endfor -%}
{%- endmacro %}

{% macro _encoded_slice_value(column) %}
    {%- set encoded = namespace(sql="replace(" ~ column ~ ", '%', '%25')") -%}
    {%- for character, code in [("'&'", '%26'), ("'='", '%3D'), ('chr(10)', '%0A'), ('chr(13)', '%0D')] -%}
        {%- set encoded.sql = 'replace(' ~ encoded.sql ~ ', ' ~ character ~ ", '" ~ code ~ "')" -%}
    {%- endfor -%}
    {{- return(encoded.sql) -}}
{% endmacro %}
