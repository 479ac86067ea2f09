"""What BI tools and `dbt docs` see: every column of the marts, as built, has a
description in the package's YAML."""
from __future__ import annotations

import json

from harness import REPO_ROOT

MARTS = ["ml_tracing__slice_metrics", "ml_tracing__slice_impact", "ml_tracing__performance_over_time",
         "ml_tracing__feature_drift", "ml_tracing__data_quality", "ml_tracing__alerts", "ml_tracing__rejections"]


def test_every_mart_column_is_documented(demo):
    project, _ = demo
    project.dbt("parse")
    nodes = json.loads((project.root / "target" / "manifest.json").read_text())["nodes"]
    for mart in MARTS:
        documented = {name for name, column in nodes[f"model.ml_tracing.{mart}"]["columns"].items()
                      if column["description"].strip()}
        built = set(project.query(f"select * from {project.package_relation(mart)} limit 0").columns)
        assert built - documented == set(), mart


def test_no_mart_column_is_a_128_bit_integer(demo):
    """DuckDB sums integers into HUGEINT, which many BI drivers cannot read: the marts keep 64 bits."""
    project, _ = demo
    wide = project.query(f"""
        select table_name, column_name from information_schema.columns
        where table_schema = '{project.schema}_ml_tracing' and table_name like 'ml_tracing__%' and data_type = 'HUGEINT'
    """)
    assert wide.empty, wide


def test_slice_alerts_join_the_slice_they_name_once(demo):
    """A slice alert joins ml_tracing__slice_impact on model, window, metric and slice
    key to exactly its slice, of the primary metric, ranked first."""
    project, _ = demo
    alerts = project.table("ml_tracing__alerts")
    slices = project.table("ml_tracing__slice_impact")
    slice_alerts = alerts[alerts.alert_kind == "slice"]
    assert len(slice_alerts) > 0
    joined = slice_alerts.merge(slices, left_on=["model_name", "window_start", "metric_name", "subject"],
                                right_on=["model_name", "window_start", "metric_name", "slice_key"])
    assert len(joined) == len(slice_alerts)
    assert joined.is_primary_metric.all() and (joined.impact_rank == 1).all()
    assert alerts.metric_name[alerts.alert_kind.isin(["drift", "quality"])].isna().all()


def test_the_analyses_run_and_open_alerts_lists_the_latest_judged_window(demo):
    """Every analysis of the package runs on the demo; open_alerts lists the breached
    alerts of each model's latest window with at least `min_window_rows` predictions:
    with the setting just above the latest window's rows, the window before it."""
    project, _ = demo
    performance = project.table("ml_tracing__performance_over_time")
    windows = performance[performance.is_primary_metric].sort_values("window_start")
    [model] = windows.model_name.unique()
    min_rows = int(windows.window_rows.iloc[-1]) + 1
    judged = windows[windows.window_rows >= min_rows]
    assert 0 < len(judged) < len(windows)
    defaults = {**project.vars["ml_tracing"].get("defaults", {}), "min_window_rows": min_rows}
    project.dbt("compile", "--select", "resource_type:analysis",
                vars={**project.vars, "ml_tracing": {**project.vars["ml_tracing"], "defaults": defaults}})
    compiled = {path.stem: path.read_text()
                for path in (project.root / "target" / "compiled" / "ml_tracing" / "analyses").glob("*.sql")}
    assert len(compiled) == len(list((REPO_ROOT / "analyses").glob("*.sql")))
    results = {name: project.query(sql) for name, sql in compiled.items()}

    alerts = project.table("ml_tracing__alerts")
    alerts = alerts[(alerts.status == "breached") & (alerts.window_start == judged.window_start.iloc[-1])]
    assert len(alerts) > 0
    key = ["model_name", "window_start", "check_name", "subject"]
    assert sorted(map(tuple, results["open_alerts"][key].astype(str).values)) == sorted(
        map(tuple, alerts[key].astype(str).values))
