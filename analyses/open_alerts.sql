-- Open alerts: the thresholds each model breaches in its latest judged window,
-- worst first, with the first window and the number of windows each was breached
-- in, and since when it has been breached without a break: `breached_since` opens
-- the run of `consecutive_windows` judged windows, ending in the latest, that all
-- breached it (a judged window where the check held, or had no value, ends a run;
-- a window too small to judge does not). The alert list of a dashboard, or the
-- body of a notification. Drift and
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

-- the windows each kind of check judges, numbered per model
judged_windows as (
    select
        judged_by,
        model_name,
        window_start,
        row_number() over (partition by judged_by, model_name order by window_start) as window_number
    from (
        select 'rows' as judged_by, model_name, window_start
        from {{ ref('ml_tracing__performance_over_time') }}
        where {{ ml_tracing.judged_window_condition('rows') }}
        union all
        select 'metric' as judged_by, model_name, window_start
        from {{ ref('ml_tracing__performance_over_time') }}
        where {{ ml_tracing.judged_window_condition('metric') }}
    ) as judged
),

latest_windows as (
    select judged_by, model_name, max(window_start) as window_start
    from judged_windows
    group by judged_by, model_name
),

-- breaches in consecutive judged windows share a run (window number minus rank)
numbered_alerts as (
    select
        alerts.*,
        judged_windows.judged_by,
        judged_windows.window_number - row_number() over (
            partition by alerts.model_name, alerts.check_name, alerts.subject
            order by alerts.window_start
        ) as run_number
    from alerts
    inner join judged_windows
        on alerts.model_name = judged_windows.model_name
        and alerts.window_start = judged_windows.window_start
        and judged_windows.judged_by = case when alerts.alert_kind in ('performance', 'slice') then 'metric' else 'rows' end
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

runs as (
    select
        model_name,
        check_name,
        subject,
        run_number,
        min(window_start) as breached_since,
        count(*) as consecutive_windows
    from numbered_alerts
    group by model_name, check_name, subject, run_number
),

final as (
    select
        open_alerts.model_name,
        open_alerts.window_start,
        open_alerts.alert_kind,
        open_alerts.check_name,
        open_alerts.subject,
        open_alerts.severity,
        open_alerts.observed_value,
        open_alerts.threshold,
        open_alerts.baseline_value,
        open_alerts.breached_when,
        runs.breached_since,
        runs.consecutive_windows,
        history.first_breached_window,
        history.breached_windows
    from numbered_alerts as open_alerts
    inner join latest_windows
        on open_alerts.model_name = latest_windows.model_name
        and open_alerts.window_start = latest_windows.window_start
        and open_alerts.judged_by = latest_windows.judged_by
    inner join runs
        on open_alerts.model_name = runs.model_name
        and open_alerts.check_name = runs.check_name
        and open_alerts.subject = runs.subject
        and open_alerts.run_number = runs.run_number
    inner join history
        on open_alerts.model_name = history.model_name
        and open_alerts.check_name = history.check_name
        and open_alerts.subject = history.subject
)

select * from final
order by
    model_name asc,
    case severity when 'error' then 0 else 1 end asc,
    alert_kind asc,
    check_name asc,
    subject asc
