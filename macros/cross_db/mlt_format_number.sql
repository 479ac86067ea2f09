{#- A number as short readable text for slice labels, the same on every engine:
    integers without a decimal point, other values rounded to 4 decimals, or to 4
    significant digits below 1 (at most 10 decimals: 0.00000188, not 0.0), written
    without an exponent or trailing zeros (mlt_decimal_text). -#}
{% macro mlt_format_number(expression) %}
    {{- return(adapter.dispatch('mlt_format_number', 'ml_tracing')(expression)) -}}
{% endmacro %}

{% macro default__mlt_format_number(expression) -%}
    case
        when {{ expression }} = floor({{ expression }}) and abs({{ expression }}) < 1e15
            then cast(cast({{ expression }} as bigint) as {{ dbt.type_string() }})
        when abs({{ expression }}) >= 1e15
            then cast(cast(floor({{ expression }} + 0.5) as decimal(38, 0)) as {{ dbt.type_string() }})
        else {{ ml_tracing.mlt_decimal_text(ml_tracing._rounded_for_label(expression)) }}
    end
{%- endmacro %}

{#- The value rounded half up to its label's decimals, max(4, min(10, 3 − ⌊log10 |x|⌋)),
    by arithmetic: Spark's round() takes only a constant scale, and PostgreSQL's
    rounds a double half to even. -#}
{% macro _rounded_for_label(expression) %}
    {%- set scale = 'power(10, greatest(4, least(10, 3 - floor(log10(greatest(abs(' ~ expression ~ '), 1e-300))))))' -%}
    {{- return('floor(' ~ expression ~ ' * ' ~ scale ~ ' + 0.5) / ' ~ scale) -}}
{% endmacro %}

{#- A number with 10 decimals, for edges too close for mlt_format_number to tell
    apart (mlt_format_number's text from 1e27, where decimal(38, 10) ends). -#}
{% macro mlt_precise_number(expression) %}
    {{- return('case when abs(' ~ expression ~ ') >= 1e27 then ' ~ ml_tracing.mlt_format_number(expression)
        ~ ' else ' ~ ml_tracing.mlt_decimal_text(expression) ~ ' end') -}}
{% endmacro %}

{#- A rounded double (below 1e27) as fixed-point text with at most 10 decimals,
    without trailing zeros. (From 1e15 the label is the whole number, as
    decimal(38, 0): DuckDB writes 1.206e16 with 10 decimals as 12059999999999999.4648068096.) -#}
{% macro mlt_decimal_text(expression) %}
    {{- return(adapter.dispatch('mlt_decimal_text', 'ml_tracing')(expression)) -}}
{% endmacro %}

{% macro default__mlt_decimal_text(expression) -%}
    rtrim(rtrim(cast(cast({{ expression }} as decimal(38, 10)) as {{ dbt.type_string() }}), '0'), '.')
{%- endmacro %}

{#- Spark's rtrim takes no characters to trim: a regular expression removes them. -#}
{% macro spark__mlt_decimal_text(expression) -%}
    regexp_replace(cast(cast({{ expression }} as decimal(38, 10)) as {{ dbt.type_string() }}), '[.]?0+$', '')
{%- endmacro %}
