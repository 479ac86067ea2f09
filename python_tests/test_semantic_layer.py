"""The dbt semantic layer over the marts: dbt's own parser validates the semantic
models and metrics (`dbt parse` fails on an invalid one) and writes them to
target/semantic_manifest.json; every expression they use must run against the
built marts, and every filter must name a dimension that exists."""
from __future__ import annotations

import json
import re

import pytest

from demo_project import demo_project

MARTS = {
    "ml_tracing_performance": "ml_tracing__performance_over_time",
    "ml_tracing_slices": "ml_tracing__slice_impact",
    "ml_tracing_drift": "ml_tracing__feature_drift",
    "ml_tracing_quality": "ml_tracing__data_quality",
    "ml_tracing_alerts": "ml_tracing__alerts",
}
DIMENSION_REFERENCE = re.compile(r"Dimension\('(\w+?)__(\w+)'\)")


DUPLICATE_TIME_SPINES = "Only one time spine is supported per granularity"


def semantic_manifest(project) -> dict:
    result = project.dbt("parse")
    assert DUPLICATE_TIME_SPINES not in result.stdout
    return json.loads((project.root / "target" / "semantic_manifest.json").read_text())


@pytest.fixture(scope="module")
def manifest(demo):
    project, _ = demo
    return semantic_manifest(project)


def test_semantic_models_cover_the_main_marts(manifest):
    relations = {model["name"]: model["node_relation"]["alias"] for model in manifest["semantic_models"]}
    assert relations == MARTS


def test_every_expression_runs_against_the_built_marts(demo, manifest):
    project, _ = demo
    for model in manifest["semantic_models"]:
        parts = model["entities"] + model["dimensions"] + model["measures"]
        expressions = [part.get("expr") or part["name"] for part in parts]
        frame = project.query(f"select {', '.join(expressions)} from {project.package_relation(MARTS[model['name']])}")
        assert len(frame) > 0, model["name"]


def test_metrics_name_existing_measures_and_dimensions(manifest):
    measures = {measure["name"]: model for model in manifest["semantic_models"] for measure in model["measures"]}
    metrics = {metric["name"]: metric for metric in manifest["metrics"]}
    assert {"ml_tracing_primary_metric", "ml_tracing_top_slice_impact", "ml_tracing_max_psi",
            "ml_tracing_alerts", "ml_tracing_actuals_coverage"} <= set(metrics)
    for metric in metrics.values():
        if metric["type"] == "ratio":
            params = metric["type_params"]
            assert {params["numerator"]["name"], params["denominator"]["name"]} <= set(metrics)
            continue
        model = measures[metric["type_params"]["measure"]["name"]]
        for where in (metric.get("filter") or {}).get("where_filters", []):
            entity, dimension = DIMENSION_REFERENCE.search(where["where_sql_template"]).groups()
            assert entity == model["primary_entity"], metric["name"]
            assert dimension in {d["name"] for d in model["dimensions"]}, metric["name"]


def test_time_spine_has_every_day(demo, manifest):
    project, _ = demo
    (spine,) = manifest["project_configuration"]["time_spines"]
    assert spine["primary_column"] == {"name": "date_day", "time_granularity": "day"}
    days = project.query(f"""
        select count(*) as days, count(distinct date_day) as distinct_days,
               min(date_day) as first_day, max(date_day) as last_day
        from {project.package_relation(spine['node_relation']['alias'])}""").iloc[0]
    span = (days.last_day - days.first_day).days + 1
    assert days.days == days.distinct_days == span
    assert str(days.first_day)[:10] == "2000-01-01" and str(days.last_day)[:10] == "2049-12-31"


USER_TIME_SPINE_SQL = "select cast('2020-01-01' as date) as date_day"
USER_TIME_SPINE_YML = """
models:
  - name: metricflow_time_spine
    time_spine: {standard_granularity_column: date_day}
    columns: [{name: date_day, granularity: day}]
"""


@pytest.fixture
def user_project(tmp_path, engine):
    """The demo's settings in an unbuilt project that has its own day time spine."""
    project = demo_project(tmp_path, engine)
    project.write_model("metricflow_time_spine", USER_TIME_SPINE_SQL)
    (project.root / "models" / "metricflow_time_spine.yml").write_text(USER_TIME_SPINE_YML)
    project.dbt("deps")
    return project


def test_a_project_with_its_own_time_spine_switches_the_package_one_off(user_project):
    # two day time spines: dbt warns, and MetricFlow would pick one of them
    assert DUPLICATE_TIME_SPINES in user_project.dbt("parse").stdout
    user_project.vars["ml_tracing"]["time_spine"] = False
    manifest = semantic_manifest(user_project)
    assert [s["node_relation"]["alias"] for s in manifest["project_configuration"]["time_spines"]] == [
        "metricflow_time_spine"]
    assert {model["name"] for model in manifest["semantic_models"]} == set(MARTS)


def test_the_semantic_layer_can_be_switched_off(user_project):
    user_project.vars["ml_tracing"]["semantic_layer"] = False
    manifest = semantic_manifest(user_project)
    assert manifest["semantic_models"] == [] and manifest["metrics"] == []
