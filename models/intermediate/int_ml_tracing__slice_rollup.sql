{#- The slices (combinations of slice-column values up to each model's depth) of
    every window and baseline, with summed metric components, from the
    pre-aggregated slice tuples: per monitored model either every slice
    (`slice_search: exhaustive`, chunked GROUPING SETS) or the level-wise search
    that skips the slices which can neither reach `min_slice_rows` nor the top
    `top_k` impact scores (`slice_search: pruned`, see pruned_slice_search).

    Incremental by window (`window_key`, the tuples' key): a run rebuilds the windows
    whose tuples were rewritten after this table last rebuilt them (`built_at`);
    under the pruned search also the windows whose slices feed a rebuilt window's
    rolling baseline, and the shared baseline. On Spark every run rebuilds every
    window (mlt_searches_window_by_window). The post-hook removes the windows the
    tuples no longer hold; the pre-hook sets the engine's planner settings for
    grouping (mlt_grouping_settings, and mlt_rollup_settings, which the post-hook
    resets). On Spark, and on DuckDB for wide searches, the pre-hook runs the pruned
    searches step by step into tables that this query reads and the post-hook drops
    (staged_slice_search). -#}
{{ config(
    pre_hook=[
        "{{ ml_tracing.mlt_grouping_settings() }}",
        "{{ ml_tracing.mlt_rollup_settings() }}",
        "{{ ml_tracing.stage_slice_search() }}",
    ],
    post_hook=[
        "{{ ml_tracing.drop_vanished_windows(ml_tracing.slice_rollup_input_keys()) }}",
        "{{ ml_tracing.drop_staged_slice_search() }}",
        "{{ ml_tracing.mlt_rollup_settings(reset=true) }}",
    ],
    **ml_tracing.mlt_incremental_config('window_key')
) }}
{%- do ml_tracing.refuse_unchecked_settings() -%}
{%- set inputs = ml_tracing.slice_rollup_inputs() -%}
{%- set models = inputs.models -%}
{%- set components = inputs.components -%}
{%- set slice_columns = inputs.slice_columns -%}
{%- set tuples = inputs.tuples -%}
{%- set incremental = inputs.incremental -%}

with

{% if incremental -%}
changed_windows as (
    -- the tuples' windows written after this table last rebuilt them, new to it, or gone
    -- from the tuples (a deleted window changes the windows whose slices fed its baseline)
    {{ inputs.changed_windows | indent(4) }}
),

{% endif -%}
{% for model in models -%}
{%- if ml_tracing.searches_pruned(model) -%}
{{ ml_tracing.pruned_slice_search(tuples, model, components, slice_columns, incremental, ml_tracing.stages_slice_search(model)) }}
{%- else -%}
rollup_{{ model.name }} as (
    {{ ml_tracing.slice_rollup(tuples, model, components, slice_columns, incremental) | trim }}
),
{%- endif %}

{% endfor -%}
final as (
    {%- set empty %}
    select
        model_name,
        scope,
        window_start,
        window_key,
        'all' as slice_key,
        'true' as slice_predicate,
        '' as slice_columns,
        0 as slice_depth,
        {%- for column in slice_columns + components %}
        {{ column }},
        {%- endfor %}
        true as is_reported,
        false as is_expanded,
        built_at
    from {{ tuples }}
    where 1 = 0
    {%- endset %}
    {{ ml_tracing.union_ctes('rollup_', models, empty) }}
)

select * from final
