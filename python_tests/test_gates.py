"""The generic tests as CI gates: each fails on bad data and passes on good data,
and `warn` / `error` severities give dbt build's documented exit codes."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from demo_project import demo_project
from harness import DbtProject

pytestmark = pytest.mark.all_engines

DRIFT_GATES = {"expect_psi_to_be_below", "expect_js_distance_to_be_below", "expect_unseen_share_to_be_below",
               "expect_metric_not_to_drop", "expect_top_slice_impact_to_be_below"}
HEALTHY_GATES = {"expect_actuals_coverage_to_be_at_least", "expect_null_rate_to_be_below"}
STABLE_GATES = {"expect_metric_to_be_within_stddevs"}  # warn-only in the demo: recall is low from day one

# thresholds the demo data cannot meet: 93% of production has an actual, 0.5% of states
# are NULL, daily recall varies by more than a tenth of its standard deviation
STRICT_GATES = """
version: 2
models:
  - name: fraud_predictions_strict
    data_tests:
      - ml_tracing.expect_actuals_coverage_to_be_at_least:
          arguments: {ml_model: fraud_detector, min_share: 0.95}
      - ml_tracing.expect_metric_to_be_within_stddevs:
          arguments: {ml_model: fraud_detector, metric: recall, k: 0.1}
      - ml_tracing.expect_metric_not_to_drop:
          arguments: {ml_model: fraud_detector, metric: recall, max_drop: 0.05, relative: true}
    columns:
      - name: state
        data_tests:
          - ml_tracing.expect_null_rate_to_be_below:
              arguments: {threshold: 0.001}
          - ml_tracing.expect_null_rate_to_be_below:
              arguments: {ml_model: fraud_detector, threshold: 0.001, windows: latest}
"""


def stored_failures(project, gate: str, model: str) -> pd.DataFrame:
    """The failing rows `--store-failures` kept for the test of `gate` on `model`."""
    nodes = json.loads((project.root / "target" / "manifest.json").read_text())["nodes"].values()
    [relation] = [node["relation_name"] for node in nodes if node["resource_type"] == "test"
                  and (node.get("test_metadata") or {}).get("name") == gate
                  and (node.get("attached_node") or "").endswith(f".{model}")]
    return project.query(f"select * from {relation}")


def statuses(results: list[dict]) -> dict[str, set[str]]:
    """Generic test name -> statuses of its runs in a dbt command's results."""
    by_test: dict[str, set[str]] = {}
    for result in results:
        name = result["unique_id"].split(".")[2]
        for gate in DRIFT_GATES | HEALTHY_GATES | STABLE_GATES:
            if name.startswith(f"ml_tracing_{gate}"):
                by_test.setdefault(gate, set()).add(result["status"])
    return by_test


@pytest.fixture(scope="module")
def drifted(demo):
    project, _ = demo
    project.write_model("fraud_predictions_strict", "select * from {{ ref('fraud_predictions') }}")
    (project.root / "models" / "strict_gates.yml").write_text(STRICT_GATES)
    return project


def test_error_severity_fails_the_build_on_drifted_data(drifted):
    result = drifted.dbt("test", "--select", "fraud_predictions", expect_success=False,
                         vars={**drifted.vars, "ml_tracing_demo_severity": "error"})
    assert result.returncode == 1
    got = statuses(drifted.run_results())
    for gate in DRIFT_GATES:
        assert got[gate] == {"fail"}, gate
    for gate in HEALTHY_GATES:
        assert got[gate] == {"pass"}, gate


def test_warn_severity_reports_but_does_not_fail(drifted):
    result = drifted.dbt("test", "--select", "fraud_predictions")
    assert result.returncode == 0
    got = statuses(drifted.run_results())
    for gate in DRIFT_GATES:
        assert got[gate] == {"warn"}, gate


def test_strict_thresholds_fail_the_healthy_gates(drifted):
    drifted.dbt("run", "--select", "fraud_predictions_strict")
    result = drifted.dbt("test", "--select", "fraud_predictions_strict", expect_success=False)
    assert result.returncode == 1
    got = statuses(drifted.run_results())
    assert got["expect_actuals_coverage_to_be_at_least"] == {"fail"}
    assert got["expect_null_rate_to_be_below"] == {"fail"}
    assert got["expect_metric_to_be_within_stddevs"] == {"fail"}


def test_failing_rows_carry_the_context_to_act(drifted):
    drifted.dbt("test", "--select", "fraud_predictions", "--store-failures")
    rows = stored_failures(drifted, "expect_psi_to_be_below", "fraud_predictions")  # the one PSI gate's rows
    assert set(rows.columns) >= {"model_name", "window_start", "subject", "observed_value", "threshold", "baseline_value"}
    psi = drifted.table("ml_tracing__feature_drift")
    breaching = psi[(psi.feature_name == "merchant_id") & (psi.psi > 0.25)]
    assert len(rows) == len(breaching) > 0
    assert (rows.subject == "merchant_id").all()


def test_clean_period_passes_every_gate_at_error_severity(tmp_path, engine):
    project = demo_project(tmp_path, engine, scenario="clean")
    project.dbt("deps")
    result = project.dbt("build", vars={**project.vars, "ml_tracing_demo_severity": "error"})
    assert result.returncode == 0
    got = statuses(project.run_results())
    for gate in DRIFT_GATES | HEALTHY_GATES | STABLE_GATES:
        assert got[gate] == {"pass"}, gate


def test_relative_drop_and_signed_z_score_rows(drifted):
    """`relative: true` judges the drop as a share of the baseline; the z-score gate
    reports the signed z. Expected rows: the recall rows of the performance mart
    (its values are checked against pandas elsewhere) filtered here by each rule."""
    drifted.dbt("run", "--select", "fraud_predictions_strict")
    drifted.dbt("test", "--select", "fraud_predictions_strict", "--store-failures", expect_success=False)
    performance = drifted.table("ml_tracing__performance_over_time")
    recall = performance[(performance.metric_name == "recall") & (performance.window_status == "ok")]
    recall = recall.set_index(pd.to_datetime(recall.window_start))

    dropped = stored_failures(drifted, "expect_metric_not_to_drop", "fraud_predictions_strict").set_index("window_start")
    relative_drop = (recall.baseline_value - recall.metric_value) / recall.baseline_value.abs()
    expected = relative_drop[relative_drop > 0.05]
    assert len(expected) > 0
    assert sorted(pd.to_datetime(dropped.index)) == sorted(expected.index)
    dropped.index = pd.to_datetime(dropped.index)
    np.testing.assert_allclose(dropped.observed_value.astype(float), expected.loc[dropped.index], rtol=1e-9)

    z_rows = stored_failures(drifted, "expect_metric_to_be_within_stddevs", "fraud_predictions_strict")
    z_rows.index = pd.to_datetime(z_rows.window_start)
    # against the previous 7 windows (the default `rolling_windows`), from 3 of them on
    values = recall.metric_value.sort_index().astype(float)
    previous = values.shift(1).rolling(7, min_periods=3)
    z = ((values - previous.mean()) / previous.std(ddof=1)).dropna()
    assert sorted(z_rows.index) == sorted(z[z.abs() > 0.1].index)
    np.testing.assert_allclose(z_rows.observed_value.astype(float), z.loc[z_rows.index], rtol=1e-9)
    assert (z_rows.observed_value < 0).any() and (z_rows.observed_value > 0).any()


def test_a_day_without_actuals_builds_every_mart_while_gates_fail(unlabeled_day):
    """Late labels: the newest day's predictions have no actual yet. With the gates at
    `error` (the drifted period fails them) dbt build still writes every mart, alerts
    included, for BI to show what CI saw; that day measures no drift of the actual
    (arrived actuals only) and an actuals coverage of 0."""
    project, last_day, unlabeled = unlabeled_day.project, unlabeled_day.last_day, unlabeled_day.unlabeled
    assert unlabeled_day.build.returncode == 1
    not_built = [r["unique_id"] for r in unlabeled_day.results if r["unique_id"].startswith("model.") and r["status"] != "success"]
    assert not_built == []
    assert {"expect_psi_to_be_below", "expect_actuals_coverage_to_be_at_least"} <= {
        gate for gate, seen in statuses(unlabeled_day.results).items() if seen == {"fail"}}

    drift = project.table("ml_tracing__feature_drift")
    drift = drift[pd.to_datetime(drift.window_start) == last_day].set_index("feature_name")
    assert drift.loc["actual_label", "current_rows"] == 0
    assert drift.loc["actual_label", ["psi", "js_distance", "chi_square"]].isna().all()
    assert drift.loc["predicted_label", "current_rows"] == len(unlabeled)
    alerts = project.table("ml_tracing__alerts")
    assert not ((pd.to_datetime(alerts.window_start) == last_day) & (alerts.subject == "actual_label")).any()
    quality = project.table("ml_tracing__data_quality")
    coverage = quality[(quality.check_name == "actuals_coverage") & (pd.to_datetime(quality.window_start) == last_day)]
    assert coverage.observed_value.astype(float).tolist() == [0.0]
    assert coverage.window_rows.astype(int).tolist() == [len(unlabeled)]


def test_gates_judge_only_the_windows_the_alerts_judge(drifted):
    """With `min_window_rows` above some windows' predictions, the PSI gate leaves
    those windows out, as ml_tracing__alerts does (status too_few_rows)."""
    performance = drifted.table("ml_tracing__performance_over_time")
    primary = performance[performance.is_primary_metric]
    window_rows = primary.set_index(pd.to_datetime(primary.window_start)).window_rows.astype(int)
    min_rows = int(window_rows.median())
    settings = drifted.vars["ml_tracing"]
    drifted.dbt("test", "--select", "fraud_predictions", "--store-failures", vars={
        **drifted.vars, "ml_tracing": {**settings, "defaults": {**settings.get("defaults", {}), "min_window_rows": min_rows}}})
    failed = pd.to_datetime(stored_failures(drifted, "expect_psi_to_be_below", "fraud_predictions").window_start)

    drift = drifted.table("ml_tracing__feature_drift")
    breaching = pd.to_datetime(drift.window_start[(drift.feature_name == "merchant_id") & (drift.psi > 0.25)])
    judged = [window for window in breaching if window_rows[window] >= min_rows]
    assert 0 < len(judged) < len(breaching)
    assert sorted(failed) == sorted(judged)


# dbt's `where` on the whole-model null-rate gate, on a model and on a source: the
# rate of the filtered rows, in a failing row that names the tested relation
WHERE_GATES = """
version: 2
sources:
  - name: demo_seeds
    schema: "{{ target.schema }}_ml_tracing_demo"
    tables:
      - name: ml_tracing_demo_fraud_predictions
        columns:
          - name: card_age_days
            data_tests:
              - ml_tracing.expect_null_rate_to_be_below:
                  arguments: {threshold: 0.001}
                  config: {where: "environment = 'production'"}
              - ml_tracing.expect_null_rate_to_be_below:
                  arguments: {threshold: 0.0001}
                  config: {where: "environment = 'training'"}
models:
  - name: fraud_predictions_where
    columns:
      - name: state
        data_tests:
          - ml_tracing.expect_null_rate_to_be_below:
              arguments: {threshold: 0.001}
              config: {where: "environment = 'production'"}
"""


def stored_failures_of_last_run(project) -> dict[str, pd.DataFrame]:
    """Test node name -> the failing rows `--store-failures` kept, for the tests the
    last dbt command ran."""
    ran = {result["unique_id"] for result in project.run_results()}
    nodes = json.loads((project.root / "target" / "manifest.json").read_text())["nodes"]
    return {nodes[unique_id]["name"]: project.query(f"select * from {nodes[unique_id]['relation_name']}")
            for unique_id in ran if nodes[unique_id].get("relation_name")}


def test_where_filters_the_whole_model_null_rate_gate(drifted):
    """Under `where` the gate's `model` is a filtering query: the gate reads the
    column's type (NaN counts as NULL in a numeric one) and the relation's name from
    the tested model or source, and judges the filtered rows' NULL share (pandas)."""
    drifted.write_model("fraud_predictions_where", "select * from {{ ref('fraud_predictions') }}")
    (drifted.root / "models" / "where_gates.yml").write_text(WHERE_GATES)
    try:
        drifted.dbt("run", "--select", "fraud_predictions_where")
        drifted.dbt("test", "--select", "fraud_predictions_where", "source:demo_seeds", "--store-failures",
                    expect_success=False)
        results = {result["unique_id"].split(".")[2]: result for result in drifted.run_results()}
        stored = stored_failures_of_last_run(drifted)
    finally:
        (drifted.root / "models" / "where_gates.yml").unlink()
        (drifted.root / "models" / "fraud_predictions_where.sql").unlink()

    predictions = pd.read_csv(drifted.root / "seeds" / "ml_tracing_demo_fraud_predictions.csv")
    share = predictions.groupby("environment")[["state", "card_age_days"]].agg(lambda values: values.isna().mean())
    assert share.loc["production", "state"] > 0.001 and share.loc["production", "card_age_days"] > 0.001
    assert share.loc["training", "card_age_days"] <= 0.0001
    expected = {  # test name fragment -> (status, relation name, column, NULL share)
        "fraud_predictions_where_state": ("fail", "fraud_predictions_where", "state", share.loc["production", "state"]),
        "card_age_days__0_001": ("fail", "ml_tracing_demo_fraud_predictions", "card_age_days",
                                 share.loc["production", "card_age_days"]),
        "card_age_days__0_0001": ("pass", None, None, None),
    }
    assert len(results) == len(expected)
    for fragment, (status, relation, column, null_share) in expected.items():
        [name] = [name for name in results if fragment in name]
        assert results[name]["status"] == status, (name, results[name]["message"])
        rows = stored[name]
        if status == "pass":
            assert rows.empty
            continue
        assert rows[["model_name", "subject"]].values.tolist() == [[relation, column]]
        np.testing.assert_allclose(rows.observed_value.astype(float), [null_share], rtol=1e-9)


COLUMN_GATES = """
version: 2
models:
  - name: fraud_predictions_columns
    columns:
      - name: fraud_score
        data_tests:
          - ml_tracing.expect_psi_to_be_below:
              arguments: {{ml_model: fraud_detector, threshold: {threshold}}}
"""


def test_gate_on_the_prediction_column_judges_the_prediction(drifted):
    """The score's drift is `predicted_score` in the marts: a gate placed on the
    user's score column (`fraud_score`) judges it, not a compile error. Expected rows:
    the feature drift mart's (its values are checked against pandas elsewhere)."""
    drift = drifted.table("ml_tracing__feature_drift")
    score = drift[drift.feature_name == "predicted_score"].dropna(subset=["psi"])
    threshold = float(score.psi.astype(float).median())  # some windows above it, some not
    drifted.write_model("fraud_predictions_columns", "select * from {{ ref('fraud_predictions') }}")
    (drifted.root / "models" / "column_gates.yml").write_text(COLUMN_GATES.format(threshold=threshold))
    try:
        result = drifted.dbt("test", "--select", "fraud_predictions_columns", "--store-failures", expect_success=False)
        assert [r["status"] for r in drifted.run_results()] == ["fail"], result.stdout[-2000:]
        [rows] = stored_failures_of_last_run(drifted).values()
    finally:
        (drifted.root / "models" / "column_gates.yml").unlink()
        (drifted.root / "models" / "fraud_predictions_columns.sql").unlink()
    breaching = score[score.psi.astype(float) > threshold]
    assert 0 < len(breaching) < len(score)
    assert (rows.subject == "predicted_score").all()
    assert sorted(pd.to_datetime(rows.window_start)) == sorted(pd.to_datetime(breaching.window_start))


# `windows: latest` on a model whose newest judged day has no baseline: a gap of
# empty days leaves the rolling baseline nothing to compare it with
LATEST_GATES = """
version: 2
models:
  - name: gated_predictions
    data_tests:
      - ml_tracing.expect_metric_not_to_drop:
          arguments: {ml_model: gapped, max_drop: 0.15, windows: all}
      - ml_tracing.expect_metric_not_to_drop:
          arguments: {ml_model: gapped, max_drop: 0.15, windows: latest}
      - ml_tracing.expect_top_slice_impact_to_be_below:
          arguments: {ml_model: gapped, threshold: -1, windows: latest}
"""


@pytest.fixture(scope="module")
def gapped_days(tmp_path_factory, engine):
    """Nine labelled days, the ninth much worse, then ten days without predictions
    and one more labelled day; a 7-day rolling baseline."""
    rng = np.random.default_rng(11)
    days = pd.date_range("2026-03-01", "2026-03-09", freq="D").append(pd.DatetimeIndex(["2026-03-20"]))
    per_day = 120
    predicted_at = days.repeat(per_day) + pd.to_timedelta(rng.integers(0, 86400, len(days) * per_day), unit="s")
    truth = rng.integers(0, 2, len(predicted_at))
    right_share = np.where(predicted_at.normalize() == pd.Timestamp("2026-03-09"), 0.55, 0.9)
    predicted = np.where(rng.random(len(truth)) < right_share, truth, 1 - truth)
    rows = pd.DataFrame({"prediction_id": [f"g{i:05d}" for i in range(len(truth))], "predicted_at": predicted_at,
                         "segment": rng.choice(["a", "b", "c"], len(truth)), "predicted_label": predicted,
                         "actual_label": truth})
    project = DbtProject(tmp_path_factory.mktemp("latest_gates"), engine)
    project.write_seed("gapped_predictions", rows, {"prediction_id": "string", "predicted_at": "timestamp", "segment": "string",
                                                    "predicted_label": "integer", "actual_label": "integer"})
    project.write_model("gated_predictions", "select * from {{ ref('gapped_predictions') }}")
    (project.root / "models" / "latest_gates.yml").write_text(LATEST_GATES)
    project.vars = {"ml_tracing": {"models": [{
        "name": "gapped", "task": "binary_classification", "predictions": "gapped_predictions", "actuals": "gapped_predictions",
        "columns": {"predicted_label": "predicted_label", "actual_label": "actual_label"}, "metrics": ["accuracy"],
        "slice_columns": ["segment"], "baseline": {"kind": "rolling", "days": 7}}]}}
    project.dbt("deps")
    project.dbt("build", "--exclude", "gated_predictions")
    project.dbt("test", "--select", "gated_predictions", "--store-failures", expect_success=False)
    return project, rows.assign(day=rows.predicted_at.dt.normalize(), correct=rows.predicted_label == rows.actual_label)


def test_latest_judges_the_newest_judged_window_even_without_a_value(gapped_days):
    """The newest day is judged (120 labelled rows) but has no baseline: the drop gate
    has nothing to judge there and passes with `windows: latest`, rather than judging
    the ninth day, the newest with a baseline, which breaches. The top-slice gate
    judges that newest day and names the metric it judged."""
    project, rows = gapped_days
    failures = stored_failures_of_last_run(project)
    drop_rows = {name: frame for name, frame in failures.items() if "metric_not_to_drop" in name}
    windows_of = {name: sorted(pd.to_datetime(frame.window_start)) for name, frame in drop_rows.items()}
    assert len(windows_of) == 2

    accuracy = rows.groupby("day").correct.mean()
    counts = rows.groupby("day").size()
    # baseline: the days in the 7 before each day, pooled over rows
    baseline = pd.Series({day: rows[(rows.day >= day - pd.Timedelta(days=7)) & (rows.day < day)].correct.mean()
                          for day in accuracy.index})
    dropped = (baseline - accuracy)[lambda drop: drop > 0.15].index
    newest = counts[counts >= 30].index.max()
    assert list(dropped) == [pd.Timestamp("2026-03-09")] and np.isnan(baseline[newest])
    assert sorted(windows_of.values(), key=len) == [[], list(dropped)]

    [slice_rows] = [frame for name, frame in failures.items() if "top_slice" in name]
    assert pd.to_datetime(slice_rows.window_start).tolist() == [newest]
    assert slice_rows.metric_name.tolist() == ["accuracy"]
    assert slice_rows.subject.str.startswith("segment=").all()
