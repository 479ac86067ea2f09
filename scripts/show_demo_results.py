"""Print what the fraud demo found: the primary metric over time against its
baseline, the slices dragging it down most in the latest window, and why —
the features that drifted and the thresholds breached (ml_tracing__alerts), the
latest window's errors as their one-line messages."""
from __future__ import annotations

import argparse

import duckdb

SCHEMA = "main_ml_tracing"
def latest_slices(columns: str, condition: str, order: str, limit: int | None = None) -> str:
    """A query over the primary metric's ranked slices in each model's latest window."""
    return f"""
        with latest as (
            select model_name, max(window_start) as window_start
            from {SCHEMA}.ml_tracing__slice_impact
            group by model_name
        )
        select {columns}
        from {SCHEMA}.ml_tracing__slice_impact as impact
        inner join latest using (model_name, window_start)
        where impact.is_primary_metric and {condition}
        order by {order}
        {f"limit {limit}" if limit else ""}
    """


def print_table(title: str, relation: duckdb.DuckDBPyRelation) -> None:
    columns = relation.columns
    rows = [["" if v is None else (f"{v:.4f}" if isinstance(v, float) else str(v)) for v in row]
            for row in relation.fetchall()]
    widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c) for i, c in enumerate(columns)]
    print(f"\n{title}")
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    with duckdb.connect(args.database, read_only=True) as connection:
        print_table("Primary metric per window against the training baseline", connection.sql(f"""
            select model_name, window_start, metric_name, window_rows, evaluated_rows,
                   metric_value, baseline_value, baseline_delta
            from {SCHEMA}.ml_tracing__performance_over_time
            where is_primary_metric
            order by model_name, window_start
        """))
        print_table(f"Top {args.top} slices by impact on the primary metric, latest window", connection.sql(
            latest_slices("impact.model_name, impact.window_start, impact.metric_name, impact.impact_rank, "
                          "impact.slice_key, impact.slice_rows, impact.volume_share, impact.metric_value, "
                          "impact.overall_value, impact.impact_score, impact.baseline_value",
                          f"impact.impact_rank <= {args.top}", "impact.model_name, impact.impact_rank")))
        print_table("The coarsest slices that matter: significant, not explained by a parent, latest window",
                    connection.sql(latest_slices(
                        "impact.model_name, impact.metric_name, impact.impact_rank, impact.slice_key, "
                        "impact.metric_support, impact.metric_value, impact.interval_lower, impact.interval_upper, "
                        "impact.overall_value, impact.pessimistic_impact, impact.q_value",
                        "impact.is_significant and not impact.is_redundant and impact.pessimistic_impact > 0",
                        "impact.model_name, impact.pessimistic_impact desc", limit=args.top)))
        print_table("Feature drift against training, averaged over the windows", connection.sql(f"""
            select model_name, feature_name, feature_kind,
                   avg(psi) as mean_psi, avg(js_distance) as mean_js_distance,
                   avg(unseen_share) as mean_unseen_share, avg(ks_statistic) as mean_ks
            from {SCHEMA}.ml_tracing__feature_drift
            group by model_name, feature_name, feature_kind
            order by model_name, mean_psi desc
        """))
        print_table("Alerts: windows breaching each threshold", connection.sql(f"""
            select model_name, alert_kind, check_name, subject, severity,
                   count(*) as windows, max(observed_value) as worst_value, max(threshold) as threshold
            from {SCHEMA}.ml_tracing__alerts
            where status = 'breached'  -- not the breaches of windows too small to judge
            group by model_name, alert_kind, check_name, subject, severity
            order by model_name, severity, alert_kind, check_name, subject
        """))
        print_table("The latest window's errors, as a notification would read them", connection.sql(f"""
            select alert_message
            from {SCHEMA}.ml_tracing__alerts
            where severity = 'error'
                and window_start = (select max(window_start) from {SCHEMA}.ml_tracing__alerts)
            order by alert_kind, check_name, subject
        """))


if __name__ == "__main__":
    main()
