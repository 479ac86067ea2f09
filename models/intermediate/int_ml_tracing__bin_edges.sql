{#- Bins of numeric columns, learned once per model on its baseline rows (quantile
    edges, `bins` per column; the first and last bin are open-ended) and reused for
    every window: `slice` bins turn numeric slice columns into readable ranges,
    `drift` bins are the histogram of numeric drift features. Edge k is the baseline value at rank ceil(k * n / bins)
    (the inverted-CDF quantile k / bins); repeated edges collapse into one.
    A bin is [bin_lower, bin_upper); NULL bounds are open. -#}
{%- set models = ml_tracing.monitored_models() -%}
{%- set numeric_columns = [] -%}
{%- for model in models -%}
    {%- for column in model.slice_columns | selectattr('kind', 'equalto', 'numeric') -%}
        {%- do numeric_columns.append((model, 'slice', column)) -%}
    {%- endfor -%}
    {%- for column in ml_tracing.drift_features(model) | selectattr('kind', 'equalto', 'numeric') -%}
        {%- do numeric_columns.append((model, 'drift', column)) -%}
    {%- endfor -%}
{%- endfor -%}
{%- set max_bins = numeric_columns | map(attribute='2.bins') | max if numeric_columns else 2 -%}

with

scoped_predictions as (
    select * from {{ ref('int_ml_tracing__scoped_predictions') }}
),

streams as (
    -- each model's first monitored prediction: a rolling baseline learns its bins in the `days` after it
    select
        model_name,
        min(predicted_at) as stream_started_at
    from scoped_predictions
    where is_current
    group by model_name
),

predictions as (
    select
        scoped_predictions.*,
        streams.stream_started_at
    from scoped_predictions
    left join streams
        on scoped_predictions.model_name = streams.model_name
),

configured_columns as (
    {%- for model, purpose, column in numeric_columns %}
    select '{{ model.name }}' as model_name, '{{ purpose }}' as bin_purpose, '{{ column.name }}' as column_name, {{ column.bins }} as bin_count
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select {{ ml_tracing.staged_value(none, 'string') }} as model_name, {{ ml_tracing.staged_value(none, 'string') }} as bin_purpose, {{ ml_tracing.staged_value(none, 'string') }} as column_name, 0 as bin_count
    where 1 = 0
    {%- endfor %}
),

reference_values as (
    {%- for model, purpose, column in numeric_columns %}
    select
        '{{ model.name }}' as model_name,
        '{{ purpose }}' as bin_purpose,
        '{{ column.name }}' as column_name,
        {{ column.name }} as reference_value
    from predictions
    where
        model_name = '{{ model.name }}'
        and {{ ml_tracing.bin_reference_condition(model) }}
        and {{ column.name }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select {{ ml_tracing.staged_value(none, 'string') }} as model_name, {{ ml_tracing.staged_value(none, 'string') }} as bin_purpose, {{ ml_tracing.staged_value(none, 'string') }} as column_name, {{ ml_tracing.staged_value(none, 'double') }} as reference_value
    where 1 = 0
    {%- endfor %}
),

ranked_values as (
    select
        reference_values.model_name,
        reference_values.bin_purpose,
        reference_values.column_name,
        reference_values.reference_value,
        configured_columns.bin_count,
        row_number() over (partition by reference_values.model_name, reference_values.bin_purpose, reference_values.column_name order by reference_values.reference_value) as value_rank,
        count(*) over (partition by reference_values.model_name, reference_values.bin_purpose, reference_values.column_name) as value_count
    from reference_values
    inner join configured_columns
        on reference_values.model_name = configured_columns.model_name
        and reference_values.bin_purpose = configured_columns.bin_purpose
        and reference_values.column_name = configured_columns.column_name
),

quantile_levels as (
    {%- for level in range(1, max_bins) %}
    select {{ level }} as quantile_level
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

edges as (
    select distinct
        ranked_values.model_name,
        ranked_values.bin_purpose,
        ranked_values.column_name,
        ranked_values.reference_value as bin_edge
    from ranked_values
    inner join quantile_levels
        on ranked_values.bin_count > quantile_levels.quantile_level
        and ranked_values.value_rank = ceil(quantile_levels.quantile_level * ranked_values.value_count / (1.0 * ranked_values.bin_count))
),

bounded_bins as (
    -- each edge opens a bin that closes at the next edge (or is open above)
    select
        model_name,
        bin_purpose,
        column_name,
        bin_edge as bin_lower,
        lead(bin_edge) over (partition by model_name, bin_purpose, column_name order by bin_edge) as bin_upper
    from edges

    union all

    -- the open-ended first bin below the lowest edge
    select
        model_name,
        bin_purpose,
        column_name,
        cast(null as {{ ml_tracing.mlt_type_double() }}) as bin_lower,
        min(bin_edge) as bin_upper
    from edges
    group by model_name, bin_purpose, column_name
),

single_bins as (
    -- a column without baseline values gets one bin holding every value
    select
        configured_columns.model_name,
        configured_columns.bin_purpose,
        configured_columns.column_name,
        cast(null as {{ ml_tracing.mlt_type_double() }}) as bin_lower,
        cast(null as {{ ml_tracing.mlt_type_double() }}) as bin_upper
    from configured_columns
    where not exists (
        select 1 from edges
        where edges.model_name = configured_columns.model_name
            and edges.bin_purpose = configured_columns.bin_purpose
            and edges.column_name = configured_columns.column_name
    )
),

all_bins as (
    select * from bounded_bins
    union all
    select * from single_bins
),

labeled as (
    select
        model_name,
        bin_purpose,
        column_name,
        row_number() over (partition by model_name, bin_purpose, column_name order by bin_lower nulls first) as bin_index,
        bin_lower,
        bin_upper,
        {{ ml_tracing.mlt_format_number('bin_upper') }} as short_upper,
        {%- for label, format in [('short_label', ml_tracing.mlt_format_number), ('precise_label', ml_tracing.mlt_precise_number)] %}
        case
            when bin_lower is null and bin_upper is null then 'any'
            when bin_lower is null then '(-inf, ' || {{ format('bin_upper') }} || ')'
            when bin_upper is null then '[' || {{ format('bin_lower') }} || ', +inf)'
            else '[' || {{ format('bin_lower') }} || ', ' || {{ format('bin_upper') }} || ')'
        end as {{ label }}{{ ',' if not loop.last }}
        {%- endfor %}
    from all_bins
),

edge_texts as (
    -- a column whose edges the short text does not tell apart is labelled with 10 decimals
    select
        model_name,
        bin_purpose,
        column_name,
        count(distinct short_upper) < count(bin_upper) as is_precise
    from labeled
    group by model_name, bin_purpose, column_name
),

final as (
    select
        labeled.model_name,
        labeled.bin_purpose,
        labeled.column_name,
        labeled.bin_index,
        labeled.bin_lower,
        labeled.bin_upper,
        case when edge_texts.is_precise then labeled.precise_label else labeled.short_label end as bin_label
    from labeled
    inner join edge_texts
        on labeled.model_name = edge_texts.model_name
        and labeled.bin_purpose = edge_texts.bin_purpose
        and labeled.column_name = edge_texts.column_name
)

select * from final
