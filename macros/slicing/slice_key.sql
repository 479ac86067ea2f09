{#- Canonical, readable slice identifiers. `slice_columns_list` and `slice_depth` are
    built inside a GROUPING SETS query (`GROUPING(col) = 0`: the column is part of the
    slice); `slice_key` and `slice_predicate` once over the rollup's rows, from the
    slice's values and `slice_columns`, so a NULL in the data is its own slice
    (`state is null`), never confused with a column the slice leaves out.

    slice_key        merchant_category=online pharmacy & state=CA  ('all' for the whole window)
                     values are written as-is except '%', '&', '=', CR and LF,
                     which are percent-encoded so the key stays unambiguous
    slice_predicate  merchant_category = 'online pharmacy' and state = 'CA'
                     (a SQL filter to paste into a WHERE clause; 'true' for the whole window)
    slice_columns    merchant_category,state                                       -#}
{% macro slice_key(columns) %}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append(ml_tracing._slice_part(column, "'" ~ column ~ "=' || " ~ ml_tracing._encoded_slice_value(column))) -%}
    {%- endfor -%}
    coalesce(nullif({{ ml_tracing.mlt_concat_ws(' & ', parts) }}, ''), 'all')
{%- endmacro %}

{% macro slice_predicate(columns) %}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append(ml_tracing._slice_part(column, "'" ~ column ~ " = ' || " ~ ml_tracing.mlt_literal_of(column))) -%}
    {%- endfor -%}
    coalesce(nullif({{ ml_tracing.mlt_concat_ws(' and ', parts) }}, ''), 'true')
{%- endmacro %}

{#- One column's part of a key or predicate: `when_valued` for a value, `<column> is
    null` when the column is in `slice_columns` with a NULL value, else NULL. -#}
{% macro _slice_part(column, when_valued) %}
    {%- set listed = "(',' || slice_columns || ',')" -%}
    {{- return(
        'case when ' ~ column ~ ' is not null then ' ~ when_valued
        ~ ' when ' ~ listed ~ ' <> replace(' ~ listed ~ ", '," ~ column ~ ",', '') then '"
        ~ column ~ " is null' end"
    ) -}}
{% endmacro %}

{% macro slice_columns_list(columns) %}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append('case when grouping(' ~ column ~ ") = 0 then '" ~ column ~ "' end") -%}
    {%- endfor -%}
    {{ ml_tracing.mlt_concat_ws(',', parts) }}
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
