{#- Each slice's baseline components, prefixed `baseline_`:
      environment / fixed_period — one baseline per model (window_start is NULL);
      model_version              — the same window of the baseline version;
      rolling                    — the sum over the current windows that start in
                                   the `days` days before the window (additive
                                   components make this a windowed sum). The
                                   single-column slices are summed by a join of
                                   each window to those days, so a value the window
                                   lacks gets its row too (ml_tracing__slice_metrics
                                   reports it as absent from the window); the other
                                   depths by a window function over the slice's own
                                   rows. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set components = ml_tracing.slice_component_names(models) -%}
{%- set slice_identity = ml_tracing.slice_identity_columns() -%}

with

slice_rollup as {{ ml_tracing.mlt_inlined_cte() }}(
    select * from {{ ref('int_ml_tracing__slice_rollup') }}
),

{% for model in models -%}
baseline_{{ model.name }} as (
    {%- if model.baseline.kind == 'rolling' %}
    -- the whole window and the slices of two or more columns
    select
        model_name,
        window_start,
        {{ slice_identity | join(',\n        ') }},
        {%- for component in components %}
        sum({{ component }}) over (
            partition by slice_key
            order by {{ ml_tracing.mlt_day_number('window_start') }}
            range between {{ model.baseline.days }} preceding and 1 preceding
        ) as baseline_{{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from slice_rollup
    where model_name = '{{ model.name }}' and scope = 'current' and slice_depth <> 1

    union all

    -- the single-column slices of the days before each window, in the window or not
    select
        windows.model_name,
        windows.window_start,
        {%- for column in slice_identity %}
        earlier.{{ column }},
        {%- endfor %}
        {%- for component in components %}
        sum(earlier.{{ component }}) as baseline_{{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from slice_rollup as windows
    inner join slice_rollup as earlier
        on windows.model_name = earlier.model_name
        and earlier.scope = 'current'
        and earlier.slice_depth = 1
        and {{ ml_tracing.mlt_day_number('earlier.window_start') }}
        between {{ ml_tracing.mlt_day_number('windows.window_start') }} - {{ model.baseline.days }}
        and {{ ml_tracing.mlt_day_number('windows.window_start') }} - 1
    where
        windows.model_name = '{{ model.name }}'
        and windows.scope = 'current'
        and windows.slice_depth = 0
    group by
        windows.model_name, windows.window_start,
        {%- for column in slice_identity %}
        earlier.{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    {%- else %}
    select
        model_name,
        window_start,
        {{ slice_identity | join(',\n        ') }},
        {%- for component in components %}
        {{ component }} as baseline_{{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from slice_rollup
    where model_name = '{{ model.name }}' and scope = 'baseline'
    {%- endif %}
),

{% endfor -%}
final as (
    {%- set empty %}
    select model_name, window_start, {{ slice_identity | join(', ') }} from slice_rollup where 1 = 0
    {%- endset %}
    {{ ml_tracing.union_ctes('baseline_', models, empty) }}
)

select * from final
