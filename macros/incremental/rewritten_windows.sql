{#- Which windows an incremental run replaces, from two per-window summaries with
    a `window_key` column: `arrived` (the input, now) and `held` (what {{ this }}
    holds). A window is replaced when {{ this }} does not hold it yet or when one of
    the `changes` (conditions over `arrived` and `held`) is true; with
    `include_vanished`, also when the input no longer holds it (for models whose
    other windows depend on it). Returns `columns`, present in both summaries. -#}
{% macro changed_windows(arrived, held, changes, columns=['window_key'], include_vanished=false) %}
    {%- set query -%}
select
    {%- for column in columns %}
    {% if include_vanished %}coalesce(arrived.{{ column }}, held.{{ column }}) as {{ column }}{% else %}arrived.{{ column }}{% endif %}
    {{- ',' if not loop.last }}
    {%- endfor %}
from {{ arrived }} as arrived
{{ 'full outer join' if include_vanished else 'left join' }} {{ held }} as held
    on arrived.window_key = held.window_key
where
    held.window_key is null
    {%- if include_vanished %}
    or arrived.window_key is null
    {%- endif %}
    {%- for change in changes %}
    or {{ change }}
    {%- endfor %}
    {%- endset -%}
    {{- return(query) -}}
{% endmacro %}

{#- The windows whose rows in `input` were written (`built_at`) after {{ this }}
    last rebuilt them, or new to it: what a model downstream of an incremental
    model replaces. `columns` and `include_vanished` as for changed_windows. -#}
{% macro rewritten_windows(input, columns=['window_key'], include_vanished=false) %}
    {{- return(ml_tracing.changed_windows(ml_tracing._latest_writes(input, columns), ml_tracing._latest_writes(this, columns),
        ['arrived.built_at > held.built_at'], columns, include_vanished)) -}}
{% endmacro %}

{% macro _latest_writes(relation, columns) %}
    {%- set query -%}
(
    select {{ columns | join(', ') }}, max(built_at) as built_at
    from {{ relation }}
    group by {{ columns | join(', ') }}
)
    {%- endset -%}
    {{- return(query) -}}
{% endmacro %}
