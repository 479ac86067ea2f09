"""What BI tools and `dbt docs` see: every column of the marts, as built, has a
description in the package's YAML."""
from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd

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


def days(window_starts) -> list[str]:
    """Window starts as ISO days, whether read as dates or timestamps."""
    return [str(day.date()) for day in pd.to_datetime(pd.Series(list(window_starts)))]


def compiled_analyses(project, vars: dict) -> dict:
    """Every analysis of the package compiled with `vars`, and its rows."""
    project.dbt("compile", "--select", "resource_type:analysis", vars={**project.vars, **vars})
    compiled = {path.stem: path.read_text()
                for path in (project.root / "target" / "compiled" / "ml_tracing" / "analyses").glob("*.sql")}
    assert len(compiled) == len(list((REPO_ROOT / "analyses").glob("*.sql")))
    return {name: project.query(sql) for name, sql in compiled.items()}


def children_of(slices, parents):
    """(window, parent key, child key) of the slices one condition deeper than a
    parent that hold all of its conditions: by the sets of conditions."""
    conditions = slices.slice_key.str.split(" & ").map(frozenset)
    found = set()
    for window_start, parent_key in parents:
        wanted = frozenset(parent_key.split(" & "))
        in_window = (slices.window_start == window_start) & (slices.slice_depth == len(wanted) + 1)
        found |= {(days([window_start])[0], parent_key, key)
                  for key in slices.slice_key[in_window & conditions.map(wanted.issubset)]}
    return found


def assert_open_alerts(project, open_alerts, min_rows):
    """open_alerts lists the breaches of the latest window with `min_rows` predictions
    (drift, quality) and of the latest window whose primary metric is judged
    (performance, slice), some of each; each since the first of the judged windows,
    counted back from the latest, that all breached its check."""
    performance = project.table("ml_tracing__performance_over_time")
    performance = performance[performance.is_primary_metric]
    assert performance.model_name.nunique() == 1  # the windows judged below are one model's
    judged = {"rows": sorted(days(performance.window_start[performance.window_rows >= min_rows])),
              "metric": sorted(days(performance.window_start[performance.window_status == "ok"]))}
    alerts = project.table("ml_tracing__alerts")
    alerts = alerts[alerts.status == "breached"].assign(day=days(alerts.window_start[alerts.status == "breached"]))
    judges_metric = alerts.alert_kind.isin(["performance", "slice"])
    judged_by = np.where(judges_metric, "metric", "rows")
    latest = alerts[alerts.day == [judged[kind][-1] for kind in judged_by]]
    assert judges_metric[latest.index].any() and not judges_metric[latest.index].all(), latest
    key = ["model_name", "window_start", "check_name", "subject"]
    assert sorted(map(tuple, open_alerts[key].astype(str).values)) == sorted(map(tuple, latest[key].astype(str).values))

    alert_key = ["model_name", "check_name", "subject"]
    breached = alerts.groupby(alert_key).day.agg(set)
    runs = {}
    for *each, kind in zip(*(latest[column] for column in alert_key),
                           np.where(judges_metric[latest.index], "metric", "rows")):
        run = list(itertools.takewhile(breached[tuple(each)].__contains__, reversed(judged[kind])))
        runs[tuple(each)] = (run[-1], len(run))
    assert any(count > 1 for _, count in runs.values()), runs
    shown = open_alerts.set_index(alert_key)
    assert {key: (days([row.breached_since])[0], row.consecutive_windows) for key, row in shown.iterrows()} == runs
    assert (shown.breached_since >= shown.first_breached_window).all()
    assert (shown.consecutive_windows <= shown.breached_windows).all()


def test_the_analyses_run_and_open_alerts_lists_the_latest_judged_window(demo):
    """Every analysis of the package runs on the demo. With `min_window_rows` just
    above the latest window's predictions, the window before it is the latest whose
    drift and quality alerts open_alerts lists; its performance and slice alerts come
    from the latest window whose metric is judged. slice_drilldown opens each
    window's top one-column slice."""
    project, _ = demo
    performance = project.table("ml_tracing__performance_over_time")
    windows = performance[performance.is_primary_metric].sort_values("window_start")
    min_rows = int(windows.window_rows.iloc[-1]) + 1
    judged = windows[windows.window_rows >= min_rows]
    assert 0 < len(judged) < len(windows)
    defaults = {**project.vars["ml_tracing"].get("defaults", {}), "min_window_rows": min_rows}
    results = compiled_analyses(project, {"ml_tracing": {**project.vars["ml_tracing"], "defaults": defaults}})

    assert_open_alerts(project, results["open_alerts"], min_rows)

    slices = project.table("ml_tracing__slice_impact")
    slices = slices[slices.is_primary_metric]
    one_column = slices[slices.slice_depth == 1].sort_values("impact_rank")
    parents = one_column.groupby("window_start").slice_key.first().items()
    drilldown = results["slice_drilldown"]
    assert len(drilldown) > 0
    assert set(zip(days(drilldown.window_start), drilldown.parent_slice_key, drilldown.slice_key)) == \
        children_of(slices, parents)


def test_the_slice_analyses_open_on_the_latest_window_with_a_metric(unlabeled_day):
    """The newest day has predictions but no labels yet: top_slices_latest_window and
    slice_over_time open on the day before it, the latest whose metric is judged,
    and open_alerts keeps that day's performance and slice alerts."""
    project = unlabeled_day.project
    predicted_days = pd.to_datetime(pd.read_csv(project.root / "seeds" / "ml_tracing_demo_fraud_predictions.csv",
                                                usecols=["predicted_at"]).predicted_at).dt.floor("D")
    day_before = predicted_days[predicted_days < unlabeled_day.last_day].max()
    results = compiled_analyses(project, {})
    assert_open_alerts(project, results["open_alerts"], min_rows=30)

    slices = project.table("ml_tracing__slice_impact")
    slices = slices[slices.is_primary_metric]
    top = slices[days(slices.window_start) == np.array(days([day_before]))].sort_values("impact_rank")
    assert len(top) >= 10
    shown = results["top_slices_latest_window"]
    assert set(days(shown.window_start)) == set(days([day_before]))
    assert list(shown.slice_key) == list(top.slice_key[:10])

    metrics = project.table("ml_tracing__slice_metrics")
    followed = metrics[metrics.is_primary_metric & (metrics.slice_key == top.slice_key.iloc[0])]
    over_time = results["slice_over_time"]
    assert set(over_time.slice_key) == {top.slice_key.iloc[0]}
    assert sorted(days(over_time.window_start)) == sorted(days(followed.window_start))


def test_the_slice_analyses_take_the_slice_from_vars(demo):
    """slice_over_time and slice_drilldown follow the slice a user names in vars: a
    two-column slice over time, and its children, whose added column may sort
    between its two conditions."""
    project, _ = demo
    slices = project.table("ml_tracing__slice_impact")
    slices = slices[slices.is_primary_metric]
    children = slices[slices.slice_depth == 3].slice_key.str.split(" & ")
    # a parent whose child's added column sorts between the parent's two conditions
    parent_key = next(f"{first} & {last}" for first, _, last in children)
    results = compiled_analyses(project, {"ml_tracing_slice_key": parent_key,
                                          "ml_tracing_parent_slice_key": parent_key})

    metrics = project.table("ml_tracing__slice_metrics")
    followed = metrics[metrics.is_primary_metric & (metrics.slice_key == parent_key)]
    assert len(followed) > 0
    assert sorted(days(results["slice_over_time"].window_start)) == sorted(days(followed.window_start))
    drilldown = results["slice_drilldown"]
    expected = children_of(slices, [(window_start, parent_key) for window_start in followed.window_start])
    assert len(expected) > 0
    assert set(zip(days(drilldown.window_start), drilldown.parent_slice_key, drilldown.slice_key)) == expected
