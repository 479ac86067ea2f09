-- Drill down from a slice to its children: the slices one column deeper that
-- contain every condition of the parent, ranked by impact (a BI tool shows this
-- when a user clicks a row of the top-slices table). The parent is
-- `--vars '{ml_tracing_parent_slice_key: "state=CA"}'` (a slice_key of the marts,
-- e.g. "merchant_id=x & state=CA"); without it, the top-ranked one-column slice of
-- each window. A child is a slice one condition deeper of which the parent is a
-- parent: its key without one of its conditions is the parent's key.
{%- set parent_slice_key = var('ml_tracing_parent_slice_key', none) %}
{%- set parent_depth = 1 if parent_slice_key is none else (parent_slice_key.split(' & ') | length) %}

with

slice_impact as (
    select * from {{ ref('ml_tracing__slice_impact') }}
    where is_primary_metric
),

parent as (
    {%- if parent_slice_key is none %}
    select * from (
        select
            *,
            row_number() over (partition by model_name, window_start order by impact_rank) as rank_at_depth
        from slice_impact
        where slice_depth = 1
    ) as one_column_slices
    where rank_at_depth = 1
    {%- else %}
    select * from slice_impact
    where slice_key = {{ ml_tracing.mlt_string_literal(parent_slice_key) }}
    {%- endif %}
),

final as (
    select
        child.model_name,
        child.window_start,
        child.metric_name,
        parent.slice_key as parent_slice_key,
        parent.metric_value as parent_metric_value,
        child.slice_key,
        child.slice_rows,
        child.metric_value,
        child.overall_value,
        child.impact_score,
        child.impact_rank
    from slice_impact as child
    inner join parent
        on child.model_name = parent.model_name
        and child.window_start = parent.window_start
        and child.metric_name = parent.metric_name
    where
        child.slice_depth = {{ parent_depth + 1 }}
        and parent.slice_key in (
            {%- for removed in range(1, parent_depth + 2) %}
            {{ ml_tracing.parent_slice_key('child.slice_key', parent_depth + 1, removed) }}{{ ',' if not loop.last }}
            {%- endfor %}
        )
)

select * from final
order by model_name asc, window_start asc, impact_score desc
