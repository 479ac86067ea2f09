-- Open alerts: the thresholds each model breaches in its latest judged window
-- (the latest with at least `min_window_rows` predictions: a day that has only
-- begun does not hide yesterday's alerts), worst first, with the first window and
-- the number of windows each was breached in (the alert list of a dashboard, or
-- the body of a notification). Breaches in windows too small to judge (status
-- too_few_rows) are left out.
with

alerts as (
    select * from {{ ref('ml_tracing__alerts') }}
    where status = 'breached'
),

latest_windows as ({{ ml_tracing.latest_judged_windows() }}
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
