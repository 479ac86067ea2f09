{#- Each slice's baseline components, prefixed `baseline_`:
      environment / fixed_period — one baseline per model (window_start is NULL);
      model_version              — the same window of the baseline version;
      rolling                    — the sum over the current windows that start in
                                   the `days` days before the window (additive
                                   components make this a windowed sum); a value of
                                   one column seen in those days but not in the
                                   window gets its row too (ml_tracing__slice_metrics
                                   reports it as absent from the window). -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set components = ml_tracing.slice_component_names(models) -%}
{%- set slice = ['slice_key', 'slice_predicate', 'slice_columns', 'slice_depth'] -%}

with

slice_rollup as (
    select * from {{ ref('int_ml_tracing__slice_rollup') }}
),

{% for model in models -%}
baseline_{{ model.name }} as (
    {%- if model.baseline.kind == 'rolling' %}
    select
        model_name,
        window_start,
        {{ slice | join(',\n        ') }},
        {%- for component in components %}
        sum({{ component }}) over (
            partition by slice_key
            order by {{ ml_tracing.mlt_day_number('window_start') }}
            range between {{ model.baseline.days }} preceding and 1 preceding
        ) as baseline_{{ component }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from slice_rollup
    where model_name = '{{ model.name }}' and scope = 'current'

    union all

    -- the single-column slices of the days before a window that the window lacks
    select
        windows.model_name,
        windows.window_start,
        {%- for column in slice %}
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
    left join slice_rollup as present
        on windows.model_name = present.model_name
        and present.scope = 'current'
        and windows.window_start = present.window_start
        and earlier.slice_key = present.slice_key
        and present.slice_depth = 1
    where
        windows.model_name = '{{ model.name }}'
        and windows.scope = 'current'
        and windows.slice_depth = 0
        and present.slice_key is null
    group by
        windows.model_name, windows.window_start,
        earlier.slice_key, earlier.slice_predicate, earlier.slice_columns, earlier.slice_depth
    {%- else %}
    select
        model_name,
        window_start,
        {{ slice | join(',\n        ') }},
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
    select model_name, window_start, {{ slice | join(', ') }} from slice_rollup where 1 = 0
    {%- endset %}
    {{ ml_tracing.union_ctes('baseline_', models, empty) }}
)

select * from final
