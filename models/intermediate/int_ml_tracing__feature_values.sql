{#- One row per prediction and drift feature (the configured `features`, then the
    prediction and the actual, the latter for the predictions whose actual
    arrived), for monitored and baseline rows: the raw numeric
    value, and the value's histogram bin — the number (bin_index) of a numeric
    feature's baseline-quantile bin, never its label, which may read alike for two
    bins; the value itself for a categorical one. NULL is its own bin. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set parts = [] -%}
{%- for model in models -%}
    {%- for feature in ml_tracing.drift_features(model) -%}
        {%- do parts.append((model, feature)) -%}
    {%- endfor -%}
{%- endfor -%}

with

scoped as (
    select * from {{ ref('int_ml_tracing__scoped_predictions') }}
    where is_current or is_baseline
),

drift_bins as (
    select * from {{ ref('int_ml_tracing__bin_edges') }}
    where bin_purpose = 'drift'
),

feature_values as (
    {%- for model, feature in parts %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        scoped.model_name,
        scoped.prediction_id,
        scoped.window_start,
        scoped.is_current,
        scoped.is_baseline,
        scoped.baseline_window_start,
        '{{ feature.name }}' as feature_name,
        '{{ feature.kind }}' as feature_kind,
        {%- if feature.kind == 'numeric' %}
        cast(scoped.{{ feature.name }} as {{ ml_tracing.mlt_type_double() }}) as numeric_value,
        cast(bins.bin_index as {{ dbt.type_string() }}) as bin_value
        {%- else %}
        cast(null as {{ ml_tracing.mlt_type_double() }}) as numeric_value,
        cast(scoped.{{ feature.name }} as {{ dbt.type_string() }}) as bin_value
        {%- endif %}
    from scoped
    {%- if feature.kind == 'numeric' %}
    left join drift_bins as bins
        on scoped.model_name = bins.model_name
        and bins.column_name = '{{ feature.name }}'
        and {{ ml_tracing.in_bin('bins', 'scoped.' ~ feature.name) }}
    {%- endif %}
    where scoped.model_name = '{{ model.name }}'{% if feature.is_actual %} and scoped.has_actual{% endif %}
    {%- else %}
    select
        model_name, prediction_id, window_start, is_current, is_baseline, baseline_window_start,
        'none' as feature_name, 'none' as feature_kind,
        cast(null as {{ ml_tracing.mlt_type_double() }}) as numeric_value,
        cast(null as {{ dbt.type_string() }}) as bin_value
    from scoped
    where 1 = 0
    {%- endfor %}
),

final as (
    select
        *,
        bin_value is null as is_null_bin
    from feature_values
)

select * from final
