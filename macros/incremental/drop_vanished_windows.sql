{#- Post-hook of an incremental model: removes the windows that {{ this }} holds but
    its input no longer does (every prediction of a day deleted upstream, or now
    rejected), which a run replacing windows would otherwise keep. `input_keys` is a
    query of the input's `window_key`s. A no-op on a full refresh, and with `--empty`
    (the input then reads as no rows: every window would look vanished).
    `input_rows`, for a table holding one row per input row: after the run replaced
    the changed windows, every window the input still holds has exactly its input's
    rows, so a window vanished exactly when the table holds more rows than the
    input; equal counts skip the search for the vanished windows.
      default (DuckDB, PostgreSQL)  one DELETE
      spark                         DROP PARTITION per vanished window (parquet) -#}
{% macro drop_vanished_windows(input_keys, input_rows=none) %}
    {%- if not is_incremental() or flags.EMPTY -%}{{ return('') }}{%- endif -%}
    {%- if input_rows is not none and ml_tracing._holds_only_input_rows(input_rows) -%}{{ return('') }}{%- endif -%}
    {{- return(adapter.dispatch('drop_vanished_windows', 'ml_tracing')(input_keys)) -}}
{% endmacro %}

{% macro default__drop_vanished_windows(input_keys) %}
    {{- return('delete from ' ~ this ~ '\nwhere ' ~ ml_tracing._not_in_input(input_keys)) -}}
{% endmacro %}

{% macro spark__drop_vanished_windows(input_keys) %}
    {%- set vanished = 'select distinct window_key from ' ~ this ~ '\nwhere ' ~ ml_tracing._not_in_input(input_keys) -%}
    {%- for key in run_query(vanished).columns[0].values() -%}
        {%- do run_query('alter table ' ~ this ~ " drop if exists partition (window_key = '"
            ~ key | replace('\\', '\\\\') | replace("'", "\\'") ~ "')") -%}
    {%- endfor -%}
    {{- return('') -}}
{% endmacro %}

{% macro _holds_only_input_rows(input_rows) %}
    {%- set counts = 'select (select count(*) from ' ~ this ~ ') as held_rows, (select count(*) from '
        ~ input_rows ~ ') as input_rows' -%}
    {%- set counted = run_query(counts).rows[0] -%}
    {{- return(counted[0] == counted[1]) -}}
{% endmacro %}

{% macro _not_in_input(input_keys) %}
    {%- set condition -%}
window_key not in (
    select input_windows.window_key
    from ({{ input_keys }}) as input_windows
    where input_windows.window_key is not null
)
    {%- endset -%}
    {{- return(condition) -}}
{% endmacro %}
