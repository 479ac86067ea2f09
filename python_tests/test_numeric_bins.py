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
        # past decimal(38, 0)
        "vast": {"training": rng.uniform(0, 1, N) * 1e40, "production": rng.uniform(0.5, 1.5, N) * 1e40},
        # a fifth of the baseline "without limit" (-1 in the seed, +inf in the model): an infinite edge
        "unbounded": {"training": np.where(np.arange(N) % 5 == 0, -1, rng.uniform(0, 1000, N)),
                      "production": np.where(np.arange(N) % 10 == 0, -1, rng.uniform(0, 1200, N))},
        # across the doubles, the smallest and largest among them; as many slice bins as values
        "spread": {env: np.concatenate([SPREAD_EXTREMES, rng.choice([-1, 1], N - len(SPREAD_EXTREMES))
                                        * rng.uniform(1, 10, N - len(SPREAD_EXTREMES))
                                        * 10.0 ** rng.integers(-323, 308, N - len(SPREAD_EXTREMES))])
                   for env in DAYS},
        # a feature the baseline holds only NULLs of
        "blank": {"training": np.full(N, np.nan), "production": rng.uniform(0, 1, N)},
        # a feature missing from 30% of the rows as NaN (-1 in the seed, NaN in the model)
        "gappy": {env: np.where(np.arange(N) % 10 < 3, -1, rng.uniform(0, 1, N)) for env in DAYS},
    }


SPREAD_EXTREMES = [5e-324, 2.2250738585072014e-308, 1e-300, 0.1, 0.0, 1e23, 1.0000000000000002, -1e40,
                   1.7976931348623157e308, 1.7976931348623157e308]
NUMERIC_COLUMNS = ["tiny", "near_one", "huge", "vast", "unbounded", "spread"]
SLICE_BINS = {name: N if name == "spread" else BINS for name in NUMERIC_COLUMNS}


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


def staged(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as the package reads them from the user's model: `unbounded`'s -1 is
    +inf, `gappy`'s NaN."""
    return frame.assign(unbounded=frame.unbounded.replace(-1.0, np.inf), gappy=frame.gappy.replace(-1.0, np.nan))


CONFIG = {
    "name": "bins", "task": "binary_classification", "predictions": "bins_predictions", "actuals": "bins_predictions",
    "columns": {"environment": "env", "predicted_label": "predicted_label", "actual_label": "actual_label"},
    "slice_columns": [{"name": name, "kind": "numeric", "bins": SLICE_BINS[name]} for name in NUMERIC_COLUMNS],
    "features": [{"name": name, "kind": "numeric", "bins": BINS} for name in NUMERIC_COLUMNS + ["blank", "gappy"]],
    "max_slice_depth": 1, "min_slice_rows": 1, "metrics": ["accuracy"],
    "baseline": {"kind": "environment", "environment": "training"},
}


@pytest.fixture(scope="module")
def project(tmp_path_factory, engine, frame) -> DbtProject:
    project = DbtProject(tmp_path_factory.mktemp("numeric_bins"), engine)
    # doubles written with 17 significant digits: the CSV seed holds them exactly
    project.write_seed("bins_seed", frame.map(lambda v: repr(v) if isinstance(v, float) else v),
                       {"prediction_id": "string", "env": "string", "predicted_at": "timestamp",
                        **{name: "double" for name in NUMERIC_COLUMNS + ["blank", "gappy"]},
                        "predicted_label": "integer", "actual_label": "integer"})
    project.write_model("bins_predictions", """
        select
            prediction_id, env, predicted_at, tiny, near_one, huge, vast, spread, blank,
            case when gappy < 0 then cast('NaN' as {{ ml_tracing.mlt_type_double() }}) else gappy end as gappy,
            case when unbounded < 0 then cast('Infinity' as {{ ml_tracing.mlt_type_double() }}) else unbounded end as unbounded,
            predicted_label, actual_label
        from {{ ref('bins_seed') }}
    """)
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
    expected = expected_histograms(staged(frame))
    assert (expected.bin_count == expected.edges + 1).all()
    got = project.query(f"""select * from {project.package_relation('ml_tracing__feature_drift')}
                            where model_name = 'bins'""").set_index("feature_name").loc[NUMERIC_COLUMNS]
    assert list(got.bin_count) == list(expected.bin_count)
    for column in ["psi", "kl_divergence", "js_distance", "chi_square"]:
        assert np.allclose(got[column].astype(float), expected[column], rtol=1e-9), (column, got[column], expected[column])


@pytest.mark.also_on("postgres", "spark")
def test_slice_bins_stay_apart_with_labels_that_read_back_as_their_edges(project, frame):
    """Each numeric slice bin is its own slice, holding the rows np.searchsorted puts
    in it, under a label of its own: ten decimals write the edges of `tiny` and
    `near_one` alike, PostgreSQL's numeric cast those of `huge`, and `vast` is past
    decimal(38, 0), so they are written in scientific notation with the digits that
    read back as numpy's edges (the same text on every engine), as are the edges of
    `spread`, from 5e-324 to the largest double; `unbounded` keeps its short labels
    beside `[+inf, +inf)`, the bin of its infinite values."""
    frame = staged(frame)
    training, production = frame[frame.env == "training"], frame[frame.env == "production"]
    slices = project.query(f"""select slice_columns, slice_key, slice_rows
                               from {project.package_relation('ml_tracing__slice_metrics')}
                               where model_name = 'bins' and metric_name = 'accuracy' and slice_rows > 0""")
    bins = project.query(f"""select column_name, bin_index, bin_label
                             from {project.package_relation('int_ml_tracing__bin_edges')}
                             where model_name = 'bins' and bin_purpose = 'slice'""")
    for column in NUMERIC_COLUMNS:
        edges = ref.quantile_edges(training[column], SLICE_BINS[column])
        labels = bins[bins.column_name == column].sort_values("bin_index").bin_label.tolist()
        assert len(labels) == len(set(labels)) == len(edges) + 1, labels
        # one value in each bin, labelled as the documented formats write it
        assert labels == ref.bin_labels(pd.Series([-np.inf] + edges), edges).tolist(), column
        if column != "unbounded":  # in scientific notation: the edges read back exactly
            assert [float(label.split(", ")[1].rstrip(")")) for label in labels[:-1]] == edges, column
        if column == "spread":  # every baseline value but the largest is an edge
            assert set(SPREAD_EXTREMES) <= set(edges)
        expected = ref.bin_labels(production[column], edges).map(lambda label: ref.slice_key((column,), (label,)))
        got = slices[slices.slice_columns == column].set_index("slice_key").slice_rows
        assert got.astype(int).to_dict() == expected.value_counts().to_dict(), column
        assert expected.nunique() == ref.bin_indices(production[column], edges).nunique() > 3, column


@pytest.mark.also_on("postgres")
def test_out_of_range_share_is_undefined_without_a_baseline_value(project, frame):
    """The share of the window's values outside the baseline's [min, max], as pandas
    finds it; for `blank`, whose 200 baseline rows are all NULL, there is no range:
    NULL in ml_tracing__feature_drift (it was 0), no data-quality row and no alert,
    as for a window without baseline rows."""
    frame = staged(frame)
    training, production = frame[frame.env == "training"], frame[frame.env == "production"]
    drift = project.query(f"""select feature_name, baseline_rows, out_of_range_share
                              from {project.package_relation('ml_tracing__feature_drift')}
                              where model_name = 'bins'""").set_index("feature_name")
    for column in NUMERIC_COLUMNS + ["blank", "gappy"]:
        before, now = training[column].dropna(), production[column].dropna()
        expected = ((now < before.min()) | (now > before.max())).mean() if len(before) else np.nan
        assert drift.baseline_rows[column] == N
        assert drift.out_of_range_share[column] == pytest.approx(expected, nan_ok=True, abs=1e-12), column
    checks = project.query(f"""select subject, observed_value
                               from {project.package_relation('ml_tracing__data_quality')}
                               where model_name = 'bins' and check_name = 'out_of_range_share'""")
    assert set(checks.subject) == set(NUMERIC_COLUMNS + ["gappy"])
    alerts = project.query(f"""select subject from {project.package_relation('ml_tracing__alerts')}
                               where model_name = 'bins' and check_name = 'out_of_range_share'""")
    assert "blank" not in set(alerts.subject)


NULL_RATE_GATES = """
version: 2
models:
  - name: bins_predictions
    columns:
      - name: gappy
        data_tests:
          - ml_tracing.expect_null_rate_to_be_below:
              arguments: {{threshold: {threshold}}}
          - ml_tracing.expect_null_rate_to_be_below:
              arguments: {{ml_model: bins, threshold: {threshold}}}
"""


@pytest.mark.also_on("postgres")
@pytest.mark.parametrize("threshold", [0.2, 0.4])
def test_null_rate_gate_counts_nan_as_null(project, frame, threshold):
    """`gappy` is NaN in 30% of the rows of the user's model: the null-rate gate on
    that model counts them as NULL, as the package stages them (and as the gate on
    the monitored model's windows does): both fail below 0.3, both pass above."""
    share = staged(frame).gappy.isna().mean()
    production_share = staged(frame)[frame.env == "production"].gappy.isna().mean()
    assert share == production_share == 0.3
    breached = share > threshold
    gates = project.root / "models" / "null_rate_gates.yml"
    gates.write_text(NULL_RATE_GATES.format(threshold=threshold))
    try:
        project.dbt("test", "--select", "bins_predictions,test_name:expect_null_rate_to_be_below",
                    expect_success=not breached)
        results = project.run_results()
    finally:
        gates.unlink()
    assert sorted((r["status"], r["failures"]) for r in results) == [("fail", 1)] * 2 if breached else [("pass", 0)] * 2
