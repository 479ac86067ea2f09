{#- A number as text with `decimals` decimals, the same text on every engine:
    `units`, |value| × 10^decimals rounded half away from zero, is the same IEEE
    arithmetic everywhere, and only integers are turned into text (engines write
    doubles differently: 3.0, 3, 3.0E0). Infinities read `infinity` and
    `-infinity`; finite values of 1e11 and beyond `over 1e11` / `under -1e11`.
    `column` should be a column name: it is repeated. -#}
{% macro mlt_decimal_text(column, decimals=4) %}
    {%- set scale = 10 ** decimals -%}
    {%- set units = 'cast(floor(abs(' ~ column ~ ') * ' ~ scale ~ ' + 0.5) as bigint)' -%}
    {%- set string = dbt.type_string() -%}
    case
        when {{ column }} is null then null
        when {{ column }} = cast('Infinity' as {{ ml_tracing.mlt_type_double() }}) then 'infinity'
        when {{ column }} = -cast('Infinity' as {{ ml_tracing.mlt_type_double() }}) then '-infinity'
        when {{ column }} >= 1e11 then 'over 1e11'
        when {{ column }} <= -1e11 then 'under -1e11'
        else
            case when {{ column }} < 0 and {{ units }} > 0 then '-' else '' end
            || cast(cast(({{ units }} - {{ units }} % {{ scale }}) / {{ scale }} as bigint) as {{ string }})
            || '.' || lpad(cast({{ units }} % {{ scale }} as {{ string }}), {{ decimals }}, '0')
    end
{%- endmacro %}
