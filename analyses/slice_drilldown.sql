-- Drill down from a slice to its children: the slices one column deeper that
-- contain every condition of the parent, ranked by impact (a BI tool shows this
-- when a user clicks a row of the top-slices table). The parent is given as its
-- list of conditions (here `state=CA`; for `merchant_id=x & state=CA` write
-- ['merchant_id=x', 'state=CA']).
-- Conditions are joined by ' & ' in slice_key, in column-name order, so the added
-- column of a child can land between two parent conditions: each parent condition
-- is therefore matched on its own, as a whole ' & '-delimited part of the child's
-- key (matching the parent key as one substring would miss such children).
-- `_` in a condition is a LIKE wildcard (and '%' in a value is encoded as '%25'):
-- escape them for keys that contain them.
{%- set parent_conditions = ['state=CA'] %}

with

slice_impact as (
    select * from {{ ref('ml_tracing__slice_impact') }}
),

parent as (
    select * from slice_impact
    where
        slice_key = '{{ parent_conditions | join(" & ") | replace("'", "''") }}'
        and is_primary_metric
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
        child.slice_depth = {{ parent_conditions | length + 1 }}
        {%- for condition in parent_conditions %}
        and (' & ' || child.slice_key || ' & ') like '% & {{ condition | replace("'", "''") }} & %'
        {%- endfor %}
)

select * from final
order by model_name asc, window_start asc, impact_score desc
