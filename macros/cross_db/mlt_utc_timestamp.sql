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

{#- Spark's TIMESTAMP is an instant (shown in the session time zone, which should be UTC).
    Text is read as a TIMESTAMP_NTZ first, which drops a zone or offset in it (`+02:00`,
    `Z`, `Europe/Paris`) and keeps the wall-clock time, as DuckDB and PostgreSQL do:
    a plain cast to TIMESTAMP would convert it to UTC. Text that is no timestamp stops
    the query, as on the other engines: dbt-spark turns ANSI mode off, where the
    cast gives NULL, and the row would be rejected as missing its time. -#}
{% macro spark__mlt_utc_timestamp(expression, data_type) -%}
    {%- set base = (data_type or '') | lower -%}
    {%- if base == 'string' or base.startswith('varchar') or base.startswith('char') -%}
        coalesce(
            cast(try_cast({{ expression }} as timestamp_ntz) as {{ dbt.type_timestamp() }}),
            case when {{ expression }} is not null then raise_error(concat('not a timestamp: ', {{ expression }})) end
        )
    {%- else -%}
        cast({{ expression }} as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}
