-- Drift per feature across windows: a heatmap (feature × window, coloured by PSI)
-- or one line per feature, with the worst alert severity of the window's drift
-- checks (psi, js_distance) for that feature.
with

feature_drift as (
    select * from {{ ref('ml_tracing__feature_drift') }}
),

alerts as (
    select * from {{ ref('ml_tracing__alerts') }}
),

drift_alerts as (
    select
        model_name,
        window_start,
        subject as feature_name,
        max(case when severity = 'error' then 2 else 1 end) as severity_level
    from alerts
    where alert_kind = 'drift' and status = 'breached'
    group by model_name, window_start, subject
),

final as (
    select
        feature_drift.model_name,
        feature_drift.window_start,
        feature_drift.feature_name,
        feature_drift.feature_kind,
        feature_drift.psi,
        feature_drift.js_distance,
        feature_drift.ks_statistic,
        feature_drift.unseen_share,
        feature_drift.vanished_share,
        feature_drift.current_null_share,
        feature_drift.baseline_null_share,
        case drift_alerts.severity_level
            when 2 then 'error'
            when 1 then 'warn'
        end as drift_severity
    from feature_drift
    left join drift_alerts
        on feature_drift.model_name = drift_alerts.model_name
        and feature_drift.window_start = drift_alerts.window_start
        and feature_drift.feature_name = drift_alerts.feature_name
)

select * from final
order by model_name asc, feature_name asc, window_start asc
