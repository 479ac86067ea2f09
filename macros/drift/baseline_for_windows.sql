{#- For one model, the baseline of every window it has in `current_cte`, as rows
    (model_name, window_start, <keys>, <measure>):
      rolling       — `measure` summed over the current windows starting in the
                      `days` days before the window;
      model_version — the same window of `baseline_cte` (the baseline version);
      otherwise     — the one baseline of `baseline_cte`, repeated for each window.
    `measure` must be additive (counts); `baseline_cte` has a `baseline_window_start`. -#}
{% macro baseline_for_windows(model, current_cte, baseline_cte, keys, measure) -%}
    {%- if model.baseline.kind == 'model_version' -%}
    {{ ml_tracing._baseline_rows(baseline_cte, keys, measure, "model_name = '" ~ model.name ~ "'") }}
    {%- else -%}
    select
        windows.model_name,
        windows.window_start,
        {%- for key in keys %}
        earlier.{{ key }},
        {%- endfor %}
        sum(earlier.{{ measure }}) as {{ measure }}
    from (
        select distinct
            model_name,
            window_start
        from {{ current_cte }}
        where model_name = '{{ model.name }}'
    ) as windows
    {%- if model.baseline.kind == 'rolling' %}
    inner join {{ current_cte }} as earlier
        on windows.model_name = earlier.model_name
        and {{ ml_tracing.mlt_add_days('windows.window_start', -model.baseline.days) }} <= earlier.window_start
        and windows.window_start > earlier.window_start
    {%- else %}
    inner join {{ baseline_cte }} as earlier
        on windows.model_name = earlier.model_name
    {%- endif %}
    group by
        windows.model_name,
        windows.window_start,
        {%- for key in keys %}
        earlier.{{ key }}{{ ',' if not loop.last }}
        {%- endfor %}
    {%- endif %}
{%- endmacro %}

{#- baseline_for_windows of every model, unioned; without models, no rows (with
    the same columns). -#}
{% macro baselines_for_windows(models, current_cte, baseline_cte, keys, measure) -%}
    {%- for model in models -%}
    {%- if not loop.first %}

    union all

    {% endif -%}
    {{ ml_tracing.baseline_for_windows(model, current_cte, baseline_cte, keys, measure) }}
    {%- else -%}
    {{ ml_tracing._baseline_rows(baseline_cte, keys, measure, '1 = 0') }}
    {%- endfor -%}
{%- endmacro %}

{#- The rows of `baseline_cte` that `condition` selects, each serving its own window. -#}
{% macro _baseline_rows(baseline_cte, keys, measure, condition) -%}
    select
        model_name,
        baseline_window_start as window_start,
        {{ keys | join(', ') }},
        {{ measure }}
    from {{ baseline_cte }}
    where {{ condition }}
{%- endmacro %}
