"""Numeric bins at the edges of what doubles and bin labels can tell apart: edges
closer than any fixed number of decimals (values of 1e-11, or 1 + k·1e-12), whole
numbers past 1e15. The histograms and slices must hold the bins numpy finds with
the same quantile edges (np.quantile, inverted CDF; np.searchsorted), whatever the
engine."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.spatial.distance import jensenshannon

import reference as ref
from harness import DbtProject

N = 200  # rows a day: the training day is the baseline, the production day the window
DAYS = {"training": "2026-03-02", "production": "2026-03-03"}
BINS = 10


def _columns(rng) -> dict[str, dict[str, np.ndarray]]:
    """Per numeric column, its training and production values."""
    steps = np.arange(N) % 50  # each of 50 values four times
    return {
        # every edge below 1e-11: ten decimals read them all as 0
        "tiny": {"training": rng.uniform(0, 1e-11, N), "production": rng.uniform(0.5e-11, 1.5e-11, N)},
        # 1 + k·1e-12: ten decimals read them all as 1
        "near_one": {"training": 1 + rng.integers(0, 100, N) * 1e-12,
                     "production": 1 + rng.integers(30, 130, N) * 1e-12},
        # whole numbers past 1e15 that PostgreSQL's numeric cast keeps only 15 digits of
        "huge": {"training": 1e16 + 2 * steps, "production": 1e16 + 2 * (steps + 20)},
    }


NUMERIC_COLUMNS = ["tiny", "near_one", "huge"]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(23)
    columns = _columns(rng)
    days = []
    for env, day in DAYS.items():
        truth = rng.integers(0, 2, N)
        days.append(pd.DataFrame({
            "env": env,
            "predicted_at": pd.Timestamp(day) + pd.to_timedelta(np.sort(rng.integers(0, 86400, N)), unit="s"),
            **{name: values[env] for name, values in columns.items()},
            "predicted_label": np.where(rng.random(N) < 0.8, truth, 1 - truth), "actual_label": truth,
        }))
    rows = pd.concat(days, ignore_index=True)
    rows.insert(0, "prediction_id", [f"b{i:04d}" for i in range(len(rows))])
    return rows


CONFIG = {
    "name": "bins", "task": "binary_classification", "predictions": "bins_predictions", "actuals": "bins_predictions",
    "columns": {"environment": "env", "predicted_label": "predicted_label", "actual_label": "actual_label"},
    "slice_columns": [{"name": name, "kind": "numeric", "bins": BINS} for name in NUMERIC_COLUMNS],
    "features": [{"name": name, "kind": "numeric", "bins": BINS} for name in NUMERIC_COLUMNS],
    "max_slice_depth": 1, "min_slice_rows": 1, "metrics": ["accuracy"],
    "baseline": {"kind": "environment", "environment": "training"},
}


@pytest.fixture(scope="module")
def project(tmp_path_factory, engine, frame) -> DbtProject:
    project = DbtProject(tmp_path_factory.mktemp("numeric_bins"), engine)
    # doubles written with 17 significant digits: the CSV seed holds them exactly
    project.write_seed("bins_predictions", frame.map(lambda v: repr(v) if isinstance(v, float) else v),
                       {"prediction_id": "string", "env": "string", "predicted_at": "timestamp",
                        **{name: "double" for name in NUMERIC_COLUMNS},
                        "predicted_label": "integer", "actual_label": "integer"})
    project.vars = {"ml_tracing": {"models": [CONFIG]}}
    project.build()
    return project


def expected_histograms(frame: pd.DataFrame) -> pd.DataFrame:
    """Per numeric column: the drift statistics of the production day against the
    training day over the bins np.searchsorted finds with the training quantiles."""
    training, production = frame[frame.env == "training"], frame[frame.env == "production"]
    rows = []
    for column in NUMERIC_COLUMNS:
        edges = ref.quantile_edges(training[column], BINS)
        current, baseline = ref.bin_indices(production[column], edges), ref.bin_indices(training[column], edges)
        c, b = current.value_counts(), baseline.value_counts()
        bins = sorted(set(c.index) | set(b.index))
        c, b = c.reindex(bins, fill_value=0).to_numpy(float), b.reindex(bins, fill_value=0).to_numpy(float)
        p, q = c / c.sum(), b / b.sum()
        ps, qs = ref.smoothed(p), ref.smoothed(q)
        rows.append({"feature_name": column, "edges": len(edges), "bin_count": len(bins),
                     "psi": ref.psi(current, baseline), "kl_divergence": float(np.sum(ps * np.log(ps / qs))),
                     "js_distance": float(jensenshannon(p, q)),
                     "chi_square": float(stats.chisquare(c, f_exp=qs * c.sum()).statistic)})
    return pd.DataFrame(rows).set_index("feature_name")


@pytest.mark.also_on("postgres")
def test_drift_histograms_count_every_bin(project, frame):
    """Every bin of the training quantiles is its own histogram bin: the 10 bins of
    `tiny` (PSI 4.3 — counted by their labels, which 10 decimals write alike, they
    were 3 and PSI 1.7) and of `huge` on PostgreSQL too (5 bins, PSI 1.8, where its
    numeric cast merged edges DuckDB told apart)."""
    expected = expected_histograms(frame)
    assert (expected.bin_count == expected.edges + 1).all()
    got = project.query(f"""select * from {project.package_relation('ml_tracing__feature_drift')}
                            where model_name = 'bins'""").set_index("feature_name").loc[NUMERIC_COLUMNS]
    assert list(got.bin_count) == list(expected.bin_count)
    for column in ["psi", "kl_divergence", "js_distance", "chi_square"]:
        assert np.allclose(got[column].astype(float), expected[column], rtol=1e-9), (column, got[column], expected[column])
