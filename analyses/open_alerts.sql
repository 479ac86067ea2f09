-- Open alerts: the thresholds each model breaches in its latest judged window,
-- worst first, with the first window and the number of windows each was breached
-- in (the alert list of a dashboard, or the body of a notification). Drift and
-- quality alerts come from the latest window with at least `min_window_rows`
-- predictions (a day that has only begun does not hide yesterday's alerts);
-- performance and slice alerts from the latest window whose primary metric is
-- judged (a day whose labels have not arrived does not hide them either).
-- Breaches in windows too small to judge (status too_few_rows) are left out.
with

alerts as (
    select * from {{ ref('ml_tracing__alerts') }}
    where status = 'breached'
),

latest_windows as (
    select 'rows' as judged_by, by_rows.*
    from ({{ ml_tracing.latest_judged_windows('rows') | indent(4) }}
    ) as by_rows
    union all
    select 'metric' as judged_by, by_metric.*
    from ({{ ml_tracing.latest_judged_windows('metric') | indent(4) }}
    ) as by_metric
),

history as (
    select
        model_name,
        check_name,
        subject,
        min(window_start) as first_breached_window,
        count(*) as breached_windows
    from alerts
    group by model_name, check_name, subject
),

final as (
    select
        alerts.model_name,
        alerts.window_start,
        alerts.alert_kind,
        alerts.check_name,
        alerts.subject,
        alerts.severity,
        alerts.observed_value,
        alerts.threshold,
        alerts.baseline_value,
        alerts.breached_when,
        history.first_breached_window,
        history.breached_windows
    from alerts
    inner join latest_windows
        on alerts.model_name = latest_windows.model_name
        and alerts.window_start = latest_windows.window_start
        and latest_windows.judged_by = case when alerts.alert_kind in ('performance', 'slice') then 'metric' else 'rows' end
    inner join history
        on alerts.model_name = history.model_name
        and alerts.check_name = history.check_name
        and alerts.subject = history.subject
)

select * from final
order by
    model_name asc,
    case severity when 'error' then 0 else 1 end asc,
    alert_kind asc,
    check_name asc,
    subject asc
