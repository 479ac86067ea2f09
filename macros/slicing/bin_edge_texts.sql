{#- The texts of numeric bin edges (int_ml_tracing__bin_edges), built from whole
    numbers and exact powers of ten so that every engine writes the same: casting a
    double to decimal or text differs between them (PostgreSQL keeps 15 significant
    digits, DuckDB multiplies by the scale in doubles, Spark writes Java's digits). -#}

{#- The double nearest 10^exponent (an integer expression from -323 to 308): every
    engine reads decimal text correctly rounded, whereas power() may be off by a unit
    in the last place, and differently on each. -#}
{% macro _power_of_ten(exponent) %}
    {{- return("cast('1e' || cast(" ~ exponent ~ ' as ' ~ dbt.type_string() ~ ') as ' ~ ml_tracing.mlt_type_double() ~ ')') -}}
{% endmacro %}

{#- A number rounded to `decimals` (an integer column or number) in fixed point,
    without trailing zeros, from `digits`, the text of its whole number of
    10^-decimals left-padded with zeros to more than `decimals` digits, and the sign
    of `units`, that whole number: 0012345 with 4 decimals is 1.2345, 1234500 is 123.45. -#}
{% macro _fixed_point_text(units, digits, decimals) %}
    {{- return('case when ' ~ units ~ " < 0 then '-' else '' end || trim(trailing '.' from trim(trailing '0' from "
        ~ 'substr(' ~ digits ~ ', 1, length(' ~ digits ~ ') - ' ~ decimals ~ ")"
        ~ " || '.' || substr(" ~ digits ~ ', length(' ~ digits ~ ') - ' ~ decimals ~ ' + 1)))') -}}
{% endmacro %}

{#- `digits` (a bigint of `digit_count` digits) as the significand of 10^`exponent`
    in scientific notation: 12 with exponent -11 is 1.2e-11, 3 with exponent 40 is 3e40. -#}
{% macro _scientific_text(digits, digit_count, exponent) %}
    {%- set text = 'cast(' ~ digits ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    {{- return('substr(' ~ text ~ ', 1, 1)'
        ~ ' || case when ' ~ digit_count ~ " > 1 then '.' || substr(" ~ text ~ ", 2) else '' end"
        ~ " || 'e' || cast(" ~ exponent ~ ' as ' ~ dbt.type_string() ~ ')') -}}
{% endmacro %}
