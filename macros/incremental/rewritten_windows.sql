{#- A query of the `window_key`s whose rows in `input` were written (`built_at`)
    after {{ this }} last rebuilt the window, or that {{ this }} does not hold yet:
    the windows a model downstream of an incremental model replaces. -#}
{% macro rewritten_windows(input) %}
    {%- set query -%}
select arrived.window_key
from (
    select window_key, max(built_at) as built_at
    from {{ input }}
    group by window_key
) as arrived
left join (
    select window_key, max(built_at) as built_at
    from {{ this }}
    group by window_key
) as held
    on arrived.window_key = held.window_key
where held.window_key is null or arrived.built_at > held.built_at
    {%- endset -%}
    {{- return(query) -}}
{% endmacro %}
