{#- SQL string literals of this engine: a quote is doubled everywhere, and Spark also
    reads a backslash as an escape (so it is doubled there too).
    `mlt_string_literal(text)`: the literal of a text known when compiling;
    `mlt_literal_of(expression)`: SQL that builds, at run time, the literal of a
    string expression's value (for a filter written into a mart, e.g. slice_predicate). -#}
{% macro mlt_string_literal(text) %}
    {%- set escaped = text | replace('\\', '\\\\') if target.type == 'spark' else text -%}
    {{- return("'" ~ escaped | replace("'", "''") ~ "'") -}}
{% endmacro %}

{% macro mlt_literal_of(expression) %}
    {{- return(adapter.dispatch('mlt_literal_of', 'ml_tracing')(expression)) -}}
{% endmacro %}

{% macro default__mlt_literal_of(expression) -%}
    '''' || replace({{ expression }}, '''', '''''') || ''''
{%- endmacro %}

{% macro spark__mlt_literal_of(expression) -%}
    '''' || replace(replace({{ expression }}, '\\', '\\\\'), '''', '''''') || ''''
{%- endmacro %}
