-- Drill down from a slice to its children: the slices one column deeper that
-- contain every condition of the parent (here `state=CA`), ranked by impact.
-- Conditions are joined by ' & ' in slice_key, so a child matches each parent
-- condition as a whole ' & '-delimited part.
with

slice_impact as (
    select * from {{ ref('ml_tracing__slice_impact') }}
),

parent as (
    select * from slice_impact
    where slice_key = 'state=CA' and is_primary_metric
),

final as (
    select
        child.model_name,
        child.window_start,
        child.metric_name,
        child.slice_key,
        child.slice_rows,
        child.metric_value,
        child.impact_score,
        child.impact_rank
    from slice_impact as child
    inner join parent
        on child.model_name = parent.model_name
        and child.window_start = parent.window_start
        and child.metric_name = parent.metric_name
    where
        child.slice_depth = parent.slice_depth + 1
        and (' & ' || child.slice_key || ' & ') like ('% & ' || parent.slice_key || ' & %')
)

select * from final
order by window_start asc, impact_score desc
