{#- One row per prediction and drift feature (the configured `features`, then the
    prediction and the actual, the latter for the predictions whose actual
    arrived), for monitored and baseline rows: the raw numeric
    value, and the value's histogram bin — the number (bin_index) of a numeric
    feature's baseline-quantile bin, never its label, which may read alike for two
    bins; the value itself for a categorical one. NULL is its own bin.

    Incremental by window (`window_key`): a run after the first replaces the
    windows int_ml_tracing__scoped_predictions rebuilt since (`built_at`), and
    every window of a model whose numeric drift bins moved (a held value outside
    its bin's current edges: late rows where the bins are learned); its
    post-hook removes the windows the input no longer holds.
    `dbt build --full-refresh` rebuilds every window. -#}
{{ config(
    post_hook="{{ ml_tracing.drop_vanished_windows(ml_tracing.feature_values_input_keys()) }}",
    **ml_tracing.mlt_incremental_config('window_key')
) }}
{%- do ml_tracing.refuse_unchecked_settings() -%}
{%- set models = ml_tracing.monitored_models() -%}
{%- set parts = [] -%}
{%- for model in models -%}
    {%- for feature in ml_tracing.drift_features(model) -%}
        {%- do parts.append((model, feature)) -%}
    {%- endfor -%}
{%- endfor -%}

with

drift_bins as (
    select * from {{ ref('int_ml_tracing__bin_edges') }}
    where bin_purpose = 'drift'
),
{%- if is_incremental() %}

models_with_moved_bins as (
    -- a held value of a numeric feature outside its bin's current edges (or whose bin
    -- is gone): replacing only the changed windows would mix two sets of bins (one scan)
    select distinct held.model_name
    from {{ this }} as held
    left join drift_bins
        on held.model_name = drift_bins.model_name
        and held.feature_name = drift_bins.column_name
        and held.bin_value = cast(drift_bins.bin_index as {{ dbt.type_string() }})
    where held.feature_kind = 'numeric' and held.bin_value is not null
        and (
            drift_bins.bin_index is null
            or held.numeric_value < drift_bins.bin_lower
            or held.numeric_value >= drift_bins.bin_upper
        )
),
{%- endif %}

scoped as (
    select * from {{ ref('int_ml_tracing__scoped_predictions') }}
    where ({{ ml_tracing.compared_rows_condition() }})
    {%- if is_incremental() %}
        -- the windows int_ml_tracing__scoped_predictions rebuilt after this table last did
        and (
            window_key in (
                {{ ml_tracing.rewritten_windows(ref('int_ml_tracing__scoped_predictions')) | indent(16) }}
            )
            or model_name in (select models_with_moved_bins.model_name from models_with_moved_bins)
        )
    {%- endif %}
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
        scoped.window_key,
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
        model_name, prediction_id, window_start, window_key, is_current, is_baseline, baseline_window_start,
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
        bin_value is null as is_null_bin,
        {{ ml_tracing.built_at() }} as built_at
    from feature_values
)

select * from final
