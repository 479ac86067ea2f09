{#- Bins of numeric columns, learned once per model on its baseline rows (quantile
    edges, `bins` per column; the first and last bin are open-ended) and reused for
    every window: `slice` bins turn numeric slice columns into readable ranges,
    `drift` bins are the histogram of numeric drift features. Edge k is the baseline value at rank ceil(k * n / bins)
    (the inverted-CDF quantile k / bins); repeated edges collapse into one.
    A bin is [bin_lower, bin_upper); NULL bounds are open.

    Its label writes the edges in the first form that tells all of the column's
    edges apart, the same text on every engine: short fixed point (whole numbers
    below 1e15; 4 decimals, or 4 significant digits below 1, below 1e11), 10
    decimals (below 1e5), else scientific notation with the fewest significant
    digits that read back as the edge, the one nearest it (1e-11,
    1.0000000000000002e16), which tells any two doubles apart. Infinite edges read
    +inf and -inf. -#}
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
{%- set double = ml_tracing.mlt_type_double() -%}
{%- set infinity = "cast('Infinity' as " ~ double ~ ")" -%}
{%- set string = dbt.type_string() -%}

with

scoped_predictions as (
    select * from {{ ref('int_ml_tracing__scoped_predictions') }}
),

stream_windows as (
    -- each model's monitored windows: their first prediction and their number of predictions
    select
        model_name,
        window_start,
        min(predicted_at) as predicted_at,
        count(*) as n_predictions
    from scoped_predictions
    where is_current
    group by model_name, window_start
),

streams as (
    -- where a rolling baseline starts learning its bins (the `days` after it): each model's
    -- first prediction in its first window with at least `min_window_rows` predictions (the
    -- first the alerts judge), so that a stray early row does not learn them alone; without
    -- such a window, its first prediction
    select
        model_name,
        coalesce(
            min(case when n_predictions >= {{ ml_tracing.model_case(models, 'min_window_rows', empty_type=dbt.type_int()) }} then predicted_at end),
            min(predicted_at)
        ) as stream_started_at
    from stream_windows
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
        on {{ ml_tracing._same_binned_column('reference_values', 'configured_columns') }}
),

quantile_levels as (
    {{ ml_tracing.number_rows('quantile_level', range(1, max_bins)) }}
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
        cast(null as {{ double }}) as bin_lower,
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
        cast(null as {{ double }}) as bin_lower,
        cast(null as {{ double }}) as bin_upper
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

numbered_bins as (
    select
        *,
        row_number() over (partition by model_name, bin_purpose, column_name order by bin_lower nulls first) as bin_index
    from all_bins
),

upper_decimals as (
    -- a bin's upper edge (each edge is one bin's) below 1e15 in fixed point: the decimals
    -- of its short text, none for a whole number, else 4, or 4 significant digits below 1 (at most 10)
    select
        *,
        case
            when abs(bin_upper) >= 1e15 then null
            when bin_upper = floor(bin_upper) then 0
            else cast(greatest(4, least(10, 3 - floor(log10(abs(bin_upper))))) as integer)
        end as short_decimals
    from numbered_bins
),

upper_units as (
    -- the edge rounded half up to those decimals, and to 10 decimals, as whole numbers
    -- below 2^53 (a whole number, or below 1e11; below 1e5), exact on every engine
    select
        *,
        case when short_decimals = 0 or abs(bin_upper) < 1e11
            then cast(floor(bin_upper * power(10, short_decimals) + 0.5) as bigint)
        end as short_units,
        case when abs(bin_upper) < 1e5 then cast(floor(bin_upper * 1e10 + 0.5) as bigint) end as precise_units
    from upper_decimals
),

upper_digits as (
    -- those whole numbers' digits, padded with zeros to one before the decimal point (lpad also cuts)
    select
        *,
        {%- for units, decimals in [('short_units', 'short_decimals'), ('precise_units', '10')] %}
        lpad(
            cast(abs({{ units }}) as {{ string }}),
            cast(greatest(length(cast(abs({{ units }}) as {{ string }})), {{ decimals }} + 1) as integer),
            '0'
        ) as {{ units.split('_')[0] }}_digits{{ ',' if not loop.last }}
        {%- endfor %}
    from upper_units
),

upper_texts as (
    -- the edge in fixed point, short and with 10 decimals (NULL beyond their range); ±inf as such
    select
        *,
        {%- for form in ['short', 'precise'] %}
        case
            when bin_upper = {{ infinity }} then '+inf'
            when bin_upper = -{{ infinity }} then '-inf'
            else {{ ml_tracing._fixed_point_text(form ~ '_units', form ~ '_digits', 'short_decimals' if form == 'short' else '10') }}
        end as {{ form }}_text{{ ',' if not loop.last }}
        {%- endfor %}
    from upper_digits
),

label_formats as (
    -- per column, the first text that every edge has and no two edges share
    select
        model_name,
        bin_purpose,
        column_name,
        case
            when count(distinct short_text) = count(bin_upper) then 'short'
            when count(distinct precise_text) = count(bin_upper) then 'precise'
            else 'scientific'
        end as label_format
    from upper_texts
    group by model_name, bin_purpose, column_name
),

formatted_bins as (
    select
        upper_texts.*,
        label_formats.label_format
    from upper_texts
    inner join label_formats
        on {{ ml_tracing._same_binned_column('upper_texts', 'label_formats') }}
),

scientific_edges as (
    -- the finite, nonzero upper edges of the columns in scientific notation, |edge| and a first guess of its exponent
    select
        model_name,
        bin_purpose,
        column_name,
        bin_index,
        abs(bin_upper) as edge_magnitude,
        cast(floor(log10(abs(bin_upper))) as integer) as rough_exponent
    from formatted_bins
    where label_format = 'scientific' and bin_upper <> 0 and abs(bin_upper) < {{ infinity }}
),

decimal_exponents as (
    -- E with 10^E <= |edge| < 10^(E + 1), the powers as the doubles nearest them (which every engine reads alike)
    select
        *,
        rough_exponent + case
            when rough_exponent < 308 and edge_magnitude >= {{ ml_tracing._power_of_ten('least(rough_exponent + 1, 308)') }} then 1
            when rough_exponent > -324 and edge_magnitude < {{ ml_tracing._power_of_ten('greatest(rough_exponent, -323)') }} then -1
            else 0
        end as decimal_exponent
    from scientific_edges
),

significant_digits as (
    -- the digit counts of a scientific text
    {{ ml_tracing.number_rows('digit_count', range(1, 18)) }}
),

offset_digits as (
    {{ ml_tracing.number_rows('offset_digit', range(10)) }}
),

digit_offsets as (
    -- -99 to 99
    select hundreds.offset_digit * 100 + tens.offset_digit * 10 + units.offset_digit - 99 as digit_offset
    from offset_digits as hundreds
    cross join offset_digits as tens
    cross join offset_digits as units
    where hundreds.offset_digit * 100 + tens.offset_digit * 10 + units.offset_digit <= 198
),

digit_candidates as (
    -- per edge and digit count, the whole numbers near the quotient that have that many digits
    select
        decimal_exponents.model_name,
        decimal_exponents.bin_purpose,
        decimal_exponents.column_name,
        decimal_exponents.bin_index,
        decimal_exponents.edge_magnitude,
        decimal_exponents.decimal_exponent,
        significant_digits.digit_count,
        cast(floor(case
            -- below 1e-290 the powers of ten would leave the normal doubles: both sides scaled by 1e44
            when decimal_exponents.decimal_exponent < -290
                then decimal_exponents.edge_magnitude * 1e22 * 1e22
                / {{ ml_tracing._power_of_ten('decimal_exponents.decimal_exponent - significant_digits.digit_count + 45') }}
            else decimal_exponents.edge_magnitude
                / {{ ml_tracing._power_of_ten('decimal_exponents.decimal_exponent - significant_digits.digit_count + 1') }}
        end + 0.5) as bigint) + digit_offsets.digit_offset as candidate_digits
    from decimal_exponents
    cross join significant_digits
    -- how far from the rounded quotient the candidates reach: the quotient is off by up
    -- to 4.4e-16 of itself (the power of ten, the division, and below 1e-290 the
    -- scaling), and with 16 or 17 digits several candidates may read back as the
    -- edge: all of them are in reach
    inner join digit_offsets
        on abs(digit_offsets.digit_offset) <= case
            when significant_digits.digit_count <= 15 then 1
            when significant_digits.digit_count = 16 then 8
            else 99
        end
),

candidate_texts as (
    -- a candidate with that many digits, written out
    select
        *,
        {{ ml_tracing._scientific_text('candidate_digits', 'digit_count', 'decimal_exponent') }} as candidate_text
    from digit_candidates
    where length(cast(candidate_digits as {{ string }})) = digit_count
),

readable_candidates as (
    -- the candidates that read back as the edge, numbered per digit count (none
    -- past the largest double is read: PostgreSQL would fail on it)
    select
        *,
        min(digit_count) over (partition by model_name, bin_purpose, column_name, bin_index) as fewest_digits,
        row_number() over (partition by model_name, bin_purpose, column_name, bin_index, digit_count order by candidate_digits) as candidate_rank,
        count(*) over (partition by model_name, bin_purpose, column_name, bin_index, digit_count) as candidate_count
    from candidate_texts
    where cast(case
        when decimal_exponent < 308 or candidate_digits * cast({{ ml_tracing._power_of_ten('17 - digit_count') }} as bigint) <= 17976931348623157
            then candidate_text
    end as {{ double }}) = edge_magnitude
),

shortest_texts as (
    -- of the fewest digits' candidates, the middle one (the lower of two): the one
    -- nearest the edge, which lies mid-way in the range of decimals that read as it
    select
        model_name,
        bin_purpose,
        column_name,
        bin_index,
        candidate_text
    from readable_candidates
    where digit_count = fewest_digits and 2 * candidate_rank in (candidate_count, candidate_count + 1)
),

upper_labels as (
    -- the upper edge as its column's labels write it
    select
        formatted_bins.*,
        case
            when formatted_bins.label_format = 'short' then formatted_bins.short_text
            when formatted_bins.label_format = 'precise' then formatted_bins.precise_text
            when formatted_bins.bin_upper = 0 then '0'
            -- ±inf (and the last bin's open upper end)
            when shortest_texts.candidate_text is null then formatted_bins.short_text
            when formatted_bins.bin_upper < 0 then '-' || shortest_texts.candidate_text
            else shortest_texts.candidate_text
        end as upper_text
    from formatted_bins
    left join shortest_texts
        on {{ ml_tracing._same_binned_column('formatted_bins', 'shortest_texts', ['bin_index']) }}
),

bin_texts as (
    -- a bin's lower edge is the bin below's upper edge
    select
        *,
        lag(upper_text) over (partition by model_name, bin_purpose, column_name order by bin_index) as lower_text
    from upper_labels
),

final as (
    select
        model_name,
        bin_purpose,
        column_name,
        bin_index,
        bin_lower,
        bin_upper,
        case
            when bin_lower is null and bin_upper is null then 'any'
            when bin_lower is null then '(-inf, ' || upper_text || ')'
            when bin_upper is null then '[' || lower_text || ', +inf)'
            else '[' || lower_text || ', ' || upper_text || ')'
        end as bin_label
    from bin_texts
)

select * from final
