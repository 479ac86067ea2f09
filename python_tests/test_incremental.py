"""Incremental windows: after new predictions and late actuals arrive, an incremental
`dbt build` processes only the new windows and the windows whose actuals changed,
and gives the same tuples, rollup and slice marts as `dbt build --full-refresh`;
running it again changes nothing."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import generated_data
from harness import DbtProject

FIRST_CUTOFF = generated_data.START + pd.Timedelta(days=4)
SECOND_CUTOFF = generated_data.START + pd.Timedelta(days=5)
TABLES = {
    "int_ml_tracing__slice_tuples": ["window_key", "channel", "device", "plan", "region"],
    "int_ml_tracing__slice_rollup": ["model_name", "scope", "window_start", "slice_key"],
    "ml_tracing__slice_metrics": ["model_name", "window_start", "metric_name", "slice_key"],
    # by slice: float sums in parallel may order near-ties differently from run to run
    "ml_tracing__slice_impact": ["model_name", "window_start", "metric_name", "slice_key"],
}
BASE = {"actuals": "late_actuals", "slice_columns": ["channel", "device", "plan", "region"],
        "min_slice_rows": 5, "top_k": 5, "max_slice_depth": 3}
MODELS = [
    {"name": "late_binary", "task": "binary_classification", "predictions": "late_binary_predictions",
     "columns": {"predicted_label": "predicted_label", "actual_label": "actual_label", "actual_observed_at": "observed_at"},
     "metrics": ["recall", "accuracy"],
     "baseline": {"kind": "fixed_period", "start": "2026-03-01", "end": "2026-03-02"}, **BASE},
    {"name": "late_regression", "task": "regression", "predictions": "late_regression_predictions",
     "columns": {"predicted_value": "predicted_value", "actual_value": "actual_value", "actual_observed_at": "observed_at"},
     "metrics": ["mae", "rmse"], "baseline": {"kind": "rolling", "days": 2}, "slice_search": "exhaustive", **BASE},
]


def _inputs():
    """Five days of predictions per task; actuals observed up to 30 hours later, and a
    few corrections of day-one labels (the fixed-period baseline) on day five."""
    rng = np.random.default_rng(3)
    predictions, actuals = {}, []
    for task, label in [("binary_classification", "actual_label"), ("regression", "actual_value")]:
        frame, truth = generated_data.planted_frames(task, seed=4, n=2500, days=5)
        name = "late_binary" if task == "binary_classification" else "late_regression"
        predictions[name] = frame
        truth = truth.rename(columns={"actual": label})
        truth["observed_at"] = truth.observed_at + pd.to_timedelta(rng.integers(0, 86400, len(truth)), unit="s")
        actuals.append(truth)
    actuals = pd.concat(actuals)
    corrections = actuals[actuals.actual_label.notna() & (actuals.observed_at < FIRST_CUTOFF)].head(40).copy()
    corrections["actual_label"] = 1 - corrections.actual_label
    corrections["observed_at"] = generated_data.START + pd.Timedelta(days=4, hours=12)
    return predictions, pd.concat([actuals, corrections])


def _write_inputs(project, predictions, actuals, cutoff):
    s, t, d, i = "string", "timestamp", "double", "integer"
    for name, frame in predictions.items():
        types = {"prediction_id": s, "predicted_at": t, **{c: s for c in generated_data.PLANTED_CARDINALITIES},
                 "predicted_label": i, "score": d, "predicted_value": d}
        project.write_seed(name + "_predictions", frame[frame.predicted_at < cutoff],
                           {c: types[c] for c in frame.columns})
    project.write_seed("late_actuals", actuals[actuals.observed_at < cutoff],
                       {"prediction_id": s, "actual_label": i, "actual_value": d, "observed_at": t})


def _snapshot(project) -> dict[str, pd.DataFrame]:
    return {
        table: project.table(table).drop(columns=["impact_rank"], errors="ignore")
        .sort_values(keys, na_position="first").reset_index(drop=True)
        for table, keys in TABLES.items()
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory, engine):
    project = DbtProject(tmp_path_factory.mktemp("incremental"), engine)
    project.vars = {"ml_tracing": {"models": MODELS}}
    predictions, actuals = _inputs()
    slices = ["--select", "+ml_tracing__slice_impact", "--indirect-selection", "cautious"]
    _write_inputs(project, predictions, actuals, FIRST_CUTOFF)
    project.dbt("deps")
    project.dbt("build", *slices)
    _write_inputs(project, predictions, actuals, SECOND_CUTOFF)
    project.dbt("seed", "--full-refresh")
    project.dbt("build", *slices)
    inserted = json.loads((project.root / "target" / "run_results.json").read_text())
    incremental = _snapshot(project)
    project.dbt("build", *slices)
    repeated = _snapshot(project)
    project.dbt("build", "--full-refresh", *slices)
    return dict(project=project, incremental=incremental, repeated=repeated, full=_snapshot(project),
                predictions=predictions, actuals=actuals, run_results=inserted)


@pytest.mark.parametrize("table", list(TABLES))
def test_incremental_run_equals_full_refresh(runs, table):
    pd.testing.assert_frame_equal(runs["incremental"][table], runs["full"][table], check_exact=False, rtol=1e-9)


@pytest.mark.parametrize("table", list(TABLES))
def test_rerunning_is_idempotent(runs, table):
    pd.testing.assert_frame_equal(runs["repeated"][table], runs["incremental"][table], check_exact=False, rtol=1e-9)


def test_only_new_windows_and_windows_with_late_actuals_are_processed(runs):
    """The windows of the second run, computed from the inputs: the new day, the days
    with an actual observed between the two cutoffs, and the fixed-period baseline."""
    actuals = runs["actuals"]
    arrived = actuals[(actuals.observed_at >= FIRST_CUTOFF) & (actuals.observed_at < SECOND_CUTOFF)]
    expected = set()
    for name, frame in runs["predictions"].items():
        frame = frame[frame.predicted_at < SECOND_CUTOFF]
        days = frame.predicted_at.dt.floor("D")
        late = frame.prediction_id.isin(arrived.prediction_id)
        for day in sorted(set(days[late | (frame.predicted_at >= FIRST_CUTOFF)])):
            expected.add(f"{name}|current|{day.date()}")
        if name == "late_binary" and (late & (frame.predicted_at < "2026-03-02")).any():
            expected.add(f"{name}|baseline|all")
    tuples = runs["full"]["int_ml_tracing__slice_tuples"]
    held = set(tuples.window_key)
    assert expected < held  # some windows were left alone
    result = next(r for r in runs["run_results"]["results"] if r["unique_id"].endswith("int_ml_tracing__slice_tuples"))
    processed_rows = int(tuples[tuples.window_key.isin(expected)].shape[0])
    assert result["adapter_response"].get("rows_affected") in (processed_rows, None, -1)
    batch = runs["project"].query(
        "select distinct window_key from main_ml_tracing.int_ml_tracing__slice_tuples "
        "where latest_actual_observed_at >= timestamp '" + str(FIRST_CUTOFF) + "'"
    )
    assert set(batch.window_key) <= expected
