"""Where a rolling baseline learns its numeric bins: on the `days` from the first
prediction of the model's first window with at least `min_window_rows`
predictions. A stray prediction of 1970 (a bad epoch) and a thin go-live day of
test predictions come before the real stream; neither may learn the bins, which
numpy finds with the same quantile edges on the real stream's first days
(np.searchsorted for the bins, the drift statistics per window against the
windows of the `days` before it). The stray row is loaded first, alone with the
go-live day: no window holds `min_window_rows`, so the bins are learned from the
first prediction; once the real stream arrives, the incremental run relabels every
window and equals a full refresh."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import jensenshannon

import reference as ref
from harness import DbtProject

BINS = 10
DAYS = 2  # the rolling baseline's
MIN_WINDOW_ROWS = 30
PER_DAY = 200
STRAY_AT = pd.Timestamp("1970-01-01 00:00:07")
GO_LIVE = pd.Timestamp("2026-03-01")  # a handful of test predictions, fewer than min_window_rows
START = pd.Timestamp("2026-03-02")  # the real stream, five days
CONFIG = {
    "name": "stray", "task": "binary_classification", "predictions": "stray_predictions",
    "actuals": "stray_predictions",
    "columns": {"predicted_label": "predicted_label", "actual_label": "actual_label"},
    "slice_columns": [{"name": "amount", "kind": "numeric", "bins": BINS}],
    "features": [{"name": "amount", "kind": "numeric", "bins": BINS}],
    "max_slice_depth": 1, "min_slice_rows": 1, "metrics": ["accuracy"], "min_window_rows": MIN_WINDOW_ROWS,
    "baseline": {"kind": "rolling", "days": DAYS},
}
SELECT = ["--select", "+ml_tracing__feature_drift", "+ml_tracing__slice_metrics", "--indirect-selection", "cautious"]


@pytest.fixture(scope="module")
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows loaded first (the stray row and the go-live day) and all rows."""
    rng = np.random.default_rng(31)
    parts = [pd.DataFrame({"predicted_at": [STRAY_AT], "amount": [5000.0]}),
             pd.DataFrame({"predicted_at": GO_LIVE + pd.to_timedelta(np.sort(rng.integers(0, 86400, 8)), unit="s"),
                           "amount": rng.uniform(0, 1, 8)})]
    for day in range(5):
        # amounts that grow day by day: drift against the days before
        parts.append(pd.DataFrame({
            "predicted_at": START + pd.Timedelta(days=day) + pd.to_timedelta(np.sort(rng.integers(0, 86400, PER_DAY)), unit="s"),
            "amount": np.round(rng.gamma(2.0, 40.0 * (1 + 0.15 * day), PER_DAY), 2),
        }))
    rows = pd.concat(parts, ignore_index=True)
    truth = rng.integers(0, 2, len(rows))
    rows = rows.assign(predicted_label=np.where(rng.random(len(rows)) < 0.8, truth, 1 - truth), actual_label=truth)
    rows.insert(0, "prediction_id", [f"s{i:04d}" for i in range(len(rows))])
    return rows[rows.predicted_at < START], rows


def reference_edges(rows: pd.DataFrame) -> list[float]:
    """The quantile edges of the amounts in the `days` from the first prediction of the
    first day with at least MIN_WINDOW_ROWS predictions (else from the first prediction)."""
    window = rows.predicted_at.dt.floor("D")
    counts = window.value_counts().sort_index()
    full = counts.index[counts >= MIN_WINDOW_ROWS]
    start = rows.predicted_at[window == full[0]].min() if len(full) else rows.predicted_at.min()
    reference = rows[(rows.predicted_at >= start) & (rows.predicted_at < start + pd.Timedelta(days=DAYS))]
    return ref.quantile_edges(reference.amount, BINS)


def expected_drift(rows: pd.DataFrame, edges: list[float]) -> pd.DataFrame:
    """Per window with baseline rows: PSI and JS distance of its amounts' bins against
    those of the windows starting in the `days` days before it."""
    rows = rows.assign(window=rows.predicted_at.dt.floor("D"), bin=ref.bin_indices(rows.amount, edges))
    records = []
    for window, current in rows.groupby("window"):
        baseline = rows[(rows.window >= window - pd.Timedelta(days=DAYS)) & (rows.window < window)]
        if not len(baseline):
            continue
        c, b = current.bin.value_counts(), baseline.bin.value_counts()
        bins = sorted(set(c.index) | set(b.index))
        p, q = (x.reindex(bins, fill_value=0).to_numpy(float) for x in (c, b))
        records.append({"window_start": window.date(), "baseline_rows": len(baseline),
                        "psi": ref.psi(current.bin, baseline.bin), "js_distance": float(jensenshannon(p / p.sum(), q / q.sum()))})
    return pd.DataFrame(records).set_index("window_start")


def drift_bins(project: DbtProject) -> list[float | None]:
    """The upper edges of the model's drift bins of `amount`, in order."""
    bins = project.query(f"""select bin_index, bin_upper from {project.package_relation('int_ml_tracing__bin_edges')}
                             where model_name = 'stray' and bin_purpose = 'drift' and column_name = 'amount'""")
    return [None if pd.isna(edge) else float(edge) for edge in bins.sort_values("bin_index").bin_upper]


@pytest.fixture(scope="module")
def project(tmp_path_factory, engine, frames):
    """Built on the first rows, then incrementally on all of them; the bins of the first build."""
    project = DbtProject(tmp_path_factory.mktemp("rolling_bins"), engine)
    project.vars = {"ml_tracing": {"models": [CONFIG]}}
    project.write_model("stray_predictions", "select * from {{ ref('stray_seed') }}")
    types = {"prediction_id": "string", "predicted_at": "timestamp", "amount": "double",
             "predicted_label": "integer", "actual_label": "integer"}
    first, everything = frames
    project.write_seed("stray_seed", first.map(lambda v: repr(v) if isinstance(v, float) else v), types)
    project.dbt("deps")
    project.dbt("build", *SELECT)
    first_bins = drift_bins(project)
    project.write_seed("stray_seed", everything.map(lambda v: repr(v) if isinstance(v, float) else v), types)
    project.dbt("seed", "--full-refresh")
    project.dbt("build", *SELECT)
    return project, first_bins


@pytest.mark.also_on("postgres", "spark")
def test_without_a_full_window_the_bins_start_at_the_first_prediction(project, frames):
    """Before the real stream, no window holds min_window_rows predictions: the bins
    are learned from the stray row (the only row in the `days` after it)."""
    _, first_bins = project
    first, _ = frames
    assert reference_edges(first) == [5000.0]
    assert first_bins == [5000.0, None]


@pytest.mark.also_on("postgres", "spark")
def test_bins_are_learned_from_the_first_full_window(project, frames):
    """The drift and slice bins hold numpy's quantile edges of the real stream's first
    `days` (the stray row and the go-live day are not in them), and every prediction,
    stray ones too, carries the slice label np.searchsorted gives it."""
    project, _ = project
    _, everything = frames
    edges = reference_edges(everything)
    assert len(edges) == BINS - 1 and max(edges) < 5000.0 and min(edges) > 1
    assert drift_bins(project) == edges + [None]
    inferences = project.table("ml_tracing__inferences").set_index("prediction_id").amount.sort_index()
    expected = ref.bin_labels(everything.set_index("prediction_id").amount, edges).sort_index()
    assert inferences.tolist() == expected.tolist()


@pytest.mark.also_on("postgres", "spark")
def test_drift_of_every_window_is_measured_on_those_bins(project, frames):
    """PSI and JS distance of `amount` per window against the `days` before it, as
    numpy finds them on the bins of the first full window's days."""
    project, _ = project
    _, everything = frames
    expected = expected_drift(everything, reference_edges(everything))
    got = project.query(f"""select window_start, baseline_rows, psi, js_distance
                            from {project.package_relation('ml_tracing__feature_drift')}
                            where model_name = 'stray' and feature_name = 'amount' and baseline_rows > 0""")
    got = got.assign(window_start=pd.to_datetime(got.window_start).dt.date).set_index("window_start").sort_index()
    assert got.index.tolist() == expected.index.tolist()
    assert got.baseline_rows.astype(int).tolist() == expected.baseline_rows.tolist()
    for column in ["psi", "js_distance"]:
        assert np.allclose(got[column].astype(float), expected[column], rtol=1e-9), (column, got[column], expected[column])


@pytest.mark.also_on("postgres", "spark")
def test_the_incremental_run_equals_a_full_refresh(project):
    """The real stream moved the bins: the incremental run relabelled every window."""
    project, _ = project
    keys = ["window_start", "metric_name", "slice_key"]
    incremental = project.table("ml_tracing__slice_metrics").drop(columns="built_at").sort_values(keys)
    project.dbt("build", "--full-refresh", *SELECT)
    full = project.table("ml_tracing__slice_metrics").drop(columns="built_at").sort_values(keys)
    pd.testing.assert_frame_equal(incremental.reset_index(drop=True), full.reset_index(drop=True))
