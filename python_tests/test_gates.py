"""The generic tests as CI gates: each fails on bad data and passes on good data,
and `warn` / `error` severities give dbt build's documented exit codes."""
from __future__ import annotations

import json

import pytest

from demo_project import demo_project

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
    columns:
      - name: state
        data_tests:
          - ml_tracing.expect_null_rate_to_be_below:
              arguments: {threshold: 0.001}
          - ml_tracing.expect_null_rate_to_be_below:
              arguments: {ml_model: fraud_detector, threshold: 0.001, windows: latest}
"""


def statuses(project) -> dict[str, set[str]]:
    """Generic test name -> statuses of its runs in the last dbt invocation."""
    results = json.loads((project.root / "target" / "run_results.json").read_text())["results"]
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
    got = statuses(drifted)
    for gate in DRIFT_GATES:
        assert got[gate] == {"fail"}, gate
    for gate in HEALTHY_GATES:
        assert got[gate] == {"pass"}, gate


def test_warn_severity_reports_but_does_not_fail(drifted):
    result = drifted.dbt("test", "--select", "fraud_predictions")
    assert result.returncode == 0
    got = statuses(drifted)
    for gate in DRIFT_GATES:
        assert got[gate] == {"warn"}, gate


def test_strict_thresholds_fail_the_healthy_gates(drifted):
    drifted.dbt("run", "--select", "fraud_predictions_strict")
    result = drifted.dbt("test", "--select", "fraud_predictions_strict", expect_success=False)
    assert result.returncode == 1
    got = statuses(drifted)
    assert got["expect_actuals_coverage_to_be_at_least"] == {"fail"}
    assert got["expect_null_rate_to_be_below"] == {"fail"}
    assert got["expect_metric_to_be_within_stddevs"] == {"fail"}


def test_failing_rows_carry_the_context_to_act(drifted):
    drifted.dbt("test", "--select", "fraud_predictions", "--store-failures")
    failures = [t for t in drifted.tables(drifted.audit_schema) if t.startswith("ml_tracing_expect_psi_to_be_be")]
    assert len(failures) == 1
    rows = drifted.query(f"select * from {drifted.audit_schema}.{failures[0]}")
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
    got = statuses(project)
    for gate in DRIFT_GATES | HEALTHY_GATES | STABLE_GATES:
        assert got[gate] == {"pass"}, gate
