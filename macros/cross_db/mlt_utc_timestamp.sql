{#- A timestamp column as a UTC timestamp without time zone. `data_type` is the
    column's type as the adapter reports it: a zoned type (timestamptz) is
    converted to UTC, whatever the session's time zone; a naive one is taken as UTC. -#}
{% macro mlt_utc_timestamp(expression, data_type) %}
    {{- return(adapter.dispatch('mlt_utc_timestamp', 'ml_tracing')(expression, data_type)) -}}
{% endmacro %}

{% macro default__mlt_utc_timestamp(expression, data_type) -%}
    {%- set base = (data_type or '') | lower -%}
    {%- if 'with time zone' in base or base in ['timestamptz', 'timestamp_tz'] -%}
        cast({{ expression }} at time zone 'UTC' as {{ dbt.type_timestamp() }})
    {%- else -%}
        cast({{ expression }} as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}

{#- Spark's TIMESTAMP is an instant (shown in the session time zone, which should be UTC). -#}
{% macro spark__mlt_utc_timestamp(expression, data_type) -%}
    cast({{ expression }} as {{ dbt.type_timestamp() }})
{%- endmacro %}
