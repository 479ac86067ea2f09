"""What BI tools and `dbt docs` see: every column of the marts, as built, has a
description in the package's YAML."""
from __future__ import annotations

import json

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
