{#- Which windows an incremental run replaces, from two per-window summaries with
    a `window_key` column: `arrived` (the input, now) and `held` (what {{ this }}
    holds). A window is replaced when {{ this }} does not hold it yet or when one of
    the `changes` (conditions over `arrived` and `held`) is true. -#}
{% macro changed_windows(arrived, held, changes) %}
    {%- set query -%}
select arrived.window_key
from {{ arrived }} as arrived
left join {{ held }} as held
    on arrived.window_key = held.window_key
where
    held.window_key is null
    {%- for change in changes %}
    or {{ change }}
    {%- endfor %}
    {%- endset -%}
    {{- return(query) -}}
{% endmacro %}

{#- The windows whose rows in `input` were written (`built_at`) after {{ this }}
    last rebuilt them, or new to it: what a model downstream of an incremental
    model replaces. -#}
{% macro rewritten_windows(input) %}
    {{- return(changed_windows(_latest_writes(input), _latest_writes(this), ['arrived.built_at > held.built_at'])) -}}
{% endmacro %}

{% macro _latest_writes(relation) %}
    {%- set query -%}
(
    select window_key, max(built_at) as built_at
    from {{ relation }}
    group by window_key
)
    {%- endset -%}
    {{- return(query) -}}
{% endmacro %}
