{#- A number from 0 to 1,000,000,006 that changes when any of `expressions` changes
    (NULL included): summed over a window's rows, it tells an incremental run that a
    row was edited in place. Bounded so that the sum of a billion rows fits a bigint
    (Spark's ANSI mode fails on overflow). -#}
{% macro mlt_row_checksum(expressions) %}
    {{- return(adapter.dispatch('mlt_row_checksum', 'ml_tracing')(expressions)) -}}
{% endmacro %}

{#- PostgreSQL: one text of the values, NULL spelt apart from any value -#}
{% macro default__mlt_row_checksum(expressions) -%}
    abs(mod(hashtextextended(
        {%- for expression in expressions %}
        coalesce(cast({{ expression }} as {{ dbt.type_string() }}) || '|', chr(1) || '|'){{ ' ||' if not loop.last }}
        {%- endfor %},
        0
    ), 1000000007))
{%- endmacro %}

{% macro duckdb__mlt_row_checksum(expressions) -%}
    cast(hash({{ expressions | join(', ') }}) % 1000000007 as bigint)
{%- endmacro %}

{% macro spark__mlt_row_checksum(expressions) -%}
    pmod(xxhash64({{ expressions | join(', ') }}), 1000000007)
{%- endmacro %}
