{#- The CTEs of an incremental run of ml_tracing__slice_metrics that pick the
    current windows to recompute (`batch_windows`: model_name, window_start): the
    windows new to {{ this }}, and those whose slices or whose baseline's slices the
    rollup rebuilt after {{ this }} last computed them (`built_at`). A window's
    baseline comes from
      rolling                    — the current windows in the `days` days before it;
      model_version              — the baseline version's same window;
      environment / fixed_period — the one shared baseline.
    A window {{ this }} holds but the rollup lost counts as rebuilt now: the windows
    whose rolling baseline it fed are recomputed (its own rows go in the post-hook). -#}
{% macro slice_metric_batch_windows(rollup, models) %}
rollup_windows as (
    select
        model_name,
        scope,
        window_start,
        max(built_at) as built_at
    from {{ rollup }}
    group by model_name, scope, window_start
),

held_windows as (
    select
        model_name,
        window_start,
        max(built_at) as built_at
    from {{ this }}
    group by model_name, window_start
),

input_windows as (
    select
        model_name,
        scope,
        window_start,
        built_at
    from rollup_windows

    union all

    select
        held_windows.model_name,
        'current' as scope,
        held_windows.window_start,
        {{ ml_tracing.built_at() }} as built_at
    from held_windows
    left join rollup_windows
        on held_windows.model_name = rollup_windows.model_name
        and held_windows.window_start = rollup_windows.window_start
        and rollup_windows.scope = 'current'
    where rollup_windows.model_name is null
),

window_inputs as (
    -- per current window: the latest rebuild of the windows its slices and its baseline come from
    select
        current_windows.model_name,
        current_windows.window_start,
        max(inputs.built_at) as built_at
    from rollup_windows as current_windows
    inner join input_windows as inputs
        on current_windows.model_name = inputs.model_name
        and (
            (inputs.scope = 'current' and current_windows.window_start = inputs.window_start)
            {%- for model in models %}
            or (current_windows.model_name = '{{ model.name }}' and {{ ml_tracing._baseline_input(model, 'inputs', 'current_windows') }})
            {%- endfor %}
        )
    where current_windows.scope = 'current'
    group by current_windows.model_name, current_windows.window_start
),

batch_windows as (
    select
        window_inputs.model_name,
        window_inputs.window_start
    from window_inputs
    left join held_windows
        on window_inputs.model_name = held_windows.model_name
        and window_inputs.window_start = held_windows.window_start
    where held_windows.model_name is null or window_inputs.built_at > held_windows.built_at
)
{%- endmacro %}

{#- Whether the rollup window `inputs` holds slices of the baseline of the current
    window `target`. -#}
{% macro _baseline_input(model, inputs, target) %}
    {%- if model.baseline.kind == 'rolling' -%}
        {%- set day = ml_tracing.mlt_day_number(inputs ~ '.window_start') -%}
        {%- set target_day = ml_tracing.mlt_day_number(target ~ '.window_start') -%}
        {{- return('(' ~ inputs ~ ".scope = 'current' and " ~ day ~ ' between ' ~ target_day ~ ' - ' ~ model.baseline.days
            ~ ' and ' ~ target_day ~ ' - 1)') -}}
    {%- elif model.baseline.is_per_window -%}
        {{- return('(' ~ inputs ~ ".scope = 'baseline' and " ~ target ~ '.window_start = ' ~ inputs ~ '.window_start)') -}}
    {%- endif -%}
    {{- return('(' ~ inputs ~ ".scope = 'baseline')") -}}
{% endmacro %}
