{#- The inference store: every staged prediction with its latest actual (if any),
    its window, whether it is monitored (current) or baseline, its slice values
    (numeric ones as baseline-quantile ranges) and its additive metric components.

    Incremental by window (`window_key`): a run after the first replaces the
    windows int_ml_tracing__scoped_predictions rebuilt since (`built_at`): new
    windows, and those the checks found changed (late predictions, a duplicate
    that now wins, late actuals, corrections, actuals edited in place), and every
    window of a model whose numeric slice bins moved (late rows where the bins are
    learned: an edge that moved, even by less than its label shows, changes the
    checksum of the model's bins each row holds); its post-hook removes the
    windows the input no longer holds.
    `dbt build --full-refresh` rebuilds every window. -#}
{{ config(
    post_hook="{{ ml_tracing.drop_vanished_windows(ml_tracing.inference_store_input_keys()) }}",
    **ml_tracing.mlt_incremental_config('window_key')
) }}
{%- do ml_tracing.refuse_unchecked_settings() -%}
{%- set models = ml_tracing.monitored_models() -%}
{%- set slice_columns = ml_tracing.all_slice_columns(models) -%}
{%- set components = ml_tracing.component_names(models) -%}
{%- set numeric_slice_columns = slice_columns | selectattr('kind', 'equalto', 'numeric') | list -%}
{#- referred to outside the condition: a column's kind is known only when the model runs -#}
{%- set slice_bin_edges = ref('int_ml_tracing__bin_edges') -%}

with

scoped as (
    select * from {{ ref('int_ml_tracing__scoped_predictions') }}
),
{%- if numeric_slice_columns %}

bin_edges as (
    select * from {{ slice_bin_edges }}
    where bin_purpose = 'slice'
),

slice_bins as (
    -- per model with numeric slice columns, a checksum of its bins' edges and labels
    select
        model_name,
        cast(sum({{ ml_tracing.mlt_row_checksum(['column_name', 'bin_index', 'bin_lower', 'bin_upper', 'bin_label']) }}) as {{ dbt.type_bigint() }}) as slice_bins_checksum
    from bin_edges
    group by model_name
),
{%- endif %}
{%- if is_incremental() and numeric_slice_columns %}

models_with_moved_bins as (
    -- a model whose bins are not those its held rows were labelled with: replacing
    -- only the changed windows would mix two sets of bins (one scan)
    select distinct held.model_name
    from {{ this }} as held
    left join slice_bins on held.model_name = slice_bins.model_name
    where coalesce(held.slice_bins_checksum, -1) <> coalesce(slice_bins.slice_bins_checksum, -1)
),
{%- endif %}

batch_rows as (
    select scoped.* from scoped
    {%- if is_incremental() %}
    -- the windows int_ml_tracing__scoped_predictions rebuilt after this table last did
    where scoped.window_key in (
        {{ ml_tracing.rewritten_windows(ref('int_ml_tracing__scoped_predictions')) | indent(8) }}
    )
    {%- if numeric_slice_columns %}
    or scoped.model_name in (select models_with_moved_bins.model_name from models_with_moved_bins)
    {%- endif %}
    {%- endif %}
),

labelled as (
    select
        batch_rows.model_name,
        batch_rows.prediction_id,
        batch_rows.predicted_at,
        batch_rows.window_start,
        batch_rows.window_key,
        batch_rows.model_version,
        batch_rows.environment,
        batch_rows.is_current,
        batch_rows.is_baseline,
        batch_rows.baseline_window_start,
        batch_rows.predicted_label,
        batch_rows.predicted_score,
        batch_rows.predicted_value,
        batch_rows.is_predicted_positive,
        batch_rows.has_actual,
        batch_rows.actual_count,
        batch_rows.has_conflicting_actuals,
        batch_rows.actual_label,
        batch_rows.actual_value,
        batch_rows.is_actual_positive,
        batch_rows.actual_observed_at,
        {%- if numeric_slice_columns %}
        slice_bins.slice_bins_checksum
        {%- else %}
        cast(null as {{ dbt.type_bigint() }}) as slice_bins_checksum
        {%- endif %}
        {%- for column in slice_columns %},
        {% if column.kind == 'numeric' -%}
        bins_{{ column.name }}.bin_label
        {%- else -%}
        batch_rows.{{ column.name }}
        {%- endif %} as {{ column.name }}
        {%- endfor %}
    from batch_rows
    {%- if numeric_slice_columns %}
    left join slice_bins on batch_rows.model_name = slice_bins.model_name
    {%- endif %}
    {%- for column in numeric_slice_columns %}
    left join bin_edges as bins_{{ column.name }}
        on batch_rows.model_name = bins_{{ column.name }}.model_name
        and bins_{{ column.name }}.column_name = '{{ column.name }}'
        and {{ ml_tracing.in_bin('bins_' ~ column.name, 'batch_rows.' ~ column.name) }}
    {%- endfor %}
),

final as (
    select
        *
        {%- for component in components %},
        {% if models -%}
        case
            {%- for model in models %}
            {%- set expressions = dict(ml_tracing.metric_components(model.task, model.classes)) %}
            {%- if component in expressions %}
            when model_name = '{{ model.name }}' then {{ expressions[component] }}
            {%- endif %}
            {%- endfor %}
            else 0
        end
        {%- else -%}
        0
        {%- endif %} as {{ component }}
        {%- endfor %},
        {{ ml_tracing.built_at() }} as built_at
    from labelled
)

select * from final
