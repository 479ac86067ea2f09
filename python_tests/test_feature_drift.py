"""Feature drift against numpy / scipy on the same data and the same bins."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.spatial.distance import jensenshannon

import reference as ref
from slices_project import model_configs
from test_slice_metrics import baseline_for_window, expected_rows

MIN_EXPECTED_ROWS = 10  # a baseline value vanished: none in the window, where its share predicts at least this many

# drift feature -> the column of the expected frame holding its raw value
OUTPUT_COLUMNS = {"predicted_score": "score", "predicted_label": "pred", "actual_label": "actual",
                  "predicted_value": "pred", "actual_value": "actual"}
OUTPUTS = {
    "fraud": [("predicted_score", "numeric"), ("predicted_label", "categorical"), ("actual_label", "categorical")],
    "fraud_fixed": [("predicted_score", "numeric"), ("actual_label", "categorical")],
    "intent": [("predicted_label", "categorical"), ("actual_label", "categorical")],
    "demand": [("predicted_value", "numeric"), ("actual_value", "numeric")],
}


def as_text(values: pd.Series) -> pd.Series:
    """Categorical values as the warehouse stores them: text, integers without '.0'."""
    def text(v):
        if ref._is_null(v):
            return None
        return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
    return values.map(text).astype(object)


def drift_features(config, frame):
    """(feature, column, bins or None for categorical); `kind: auto` follows the column's type."""
    specs = []
    for feature in config.get("features", []):
        name = feature if isinstance(feature, str) else feature["name"]
        bins = feature.get("bins", config.get("drift_bins", 10)) if isinstance(feature, dict) else config.get("drift_bins", 10)
        specs.append((name, name, bins if pd.api.types.is_numeric_dtype(frame[name]) else None))
    for role, kind in OUTPUTS[config["name"]]:
        specs.append((role, OUTPUT_COLUMNS[role], config.get("drift_bins", 10) if kind == "numeric" else None))
    return specs


@pytest.fixture(scope="session")
def raw_frames(inputs):
    """The expected frames, with the raw (unbinned) numeric columns."""
    frames = expected_rows(inputs)
    frames["fraud"]["amount"] = frames["fraud_fixed"]["amount"]  # fraud's slice binning replaced the raw amount
    frames["demand"]["store_size"] = inputs["demand"].set_index("prediction_id").loc[
        frames["demand"].prediction_id, "store_size"].to_numpy()
    return frames


@pytest.fixture(scope="session")
def expected_drift(inputs, raw_frames):
    configs = {c["name"]: c for c in model_configs(inputs["classes"])}
    rows = []
    for name, frame in raw_frames.items():
        config = configs[name]
        if name == "demand":
            reference_rows = frame[frame.predicted_at < frame.predicted_at.min() + 2 * pd.Timedelta(days=1)]
        else:
            reference_rows = frame[frame.is_baseline]
        for feature, column, bins in drift_features(config, frame):
            numeric = bins is not None
            if numeric:
                edges = ref.quantile_edges(reference_rows[column].astype(float), bins)
                binned = ref.bin_indices(frame[column].astype(float), edges)
            else:
                binned = as_text(frame[column])
            frame = frame.assign(_bin=binned.fillna("<null>"), _value=frame[column])
            # the actual is measured where it arrived: one not in yet is late, not drift
            measured = frame[frame.actual.notna()] if feature.startswith("actual_") else frame
            for window, current in measured[measured.is_current].groupby("window"):
                baseline = baseline_for_window(name, measured, window)
                if not len(baseline):
                    continue
                c, b = current._bin.value_counts(), baseline._bin.value_counts()
                bins_seen = list(set(c.index) | set(b.index))
                # in the baseline, absent from the window, where the baseline's share predicts >= 10 rows
                vanished_rows = sum(n for k, n in b.items() if k != "<null>" and k not in c.index
                                    and n * len(current) >= MIN_EXPECTED_ROWS * len(baseline))
                c, b = c.reindex(bins_seen, fill_value=0).to_numpy(float), b.reindex(bins_seen, fill_value=0).to_numpy(float)
                p, q = c / c.sum(), b / b.sum()
                ps, qs = ref.smoothed(p), ref.smoothed(q)
                chi = stats.chisquare(c, f_exp=qs * c.sum())
                record = {
                    "model_name": name, "window_start": window.date(), "feature_name": feature,
                    "current_rows": len(current), "baseline_rows": len(baseline), "bin_count": len(bins_seen),
                    "psi": ref.psi(current._bin, baseline._bin),
                    "kl_divergence": float(np.sum(ps * np.log(ps / qs))),
                    "js_distance": float(jensenshannon(p, q)),
                    "chi_square": float(chi.statistic),
                    "chi_square_p_value": float(chi.pvalue),
                    "current_null_share": float(current._value.isna().mean()),
                    "unseen_share": float(current._bin.isin(set(bins_seen) - set(baseline._bin) - {"<null>"}).mean()),
                    "vanished_share": vanished_rows / len(baseline),
                    "ks_statistic": np.nan,
                    "out_of_range_share": np.nan,
                    "current_cardinality": current._bin[current._bin != "<null>"].nunique(),
                    "baseline_cardinality": baseline._bin[baseline._bin != "<null>"].nunique(),
                }
                if numeric:
                    now, before = current._value.dropna().astype(float), baseline._value.dropna().astype(float)
                    record["ks_statistic"] = float(stats.ks_2samp(now, before).statistic)
                    record["out_of_range_share"] = float(((now < before.min()) | (now > before.max())).mean())
                rows.append(record)
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def actual_drift(slices_project):
    frame = slices_project.table("ml_tracing__feature_drift")
    frame["window_start"] = pd.to_datetime(frame.window_start).dt.date
    return frame


KEYS = ["model_name", "window_start", "feature_name"]


def test_every_feature_and_window_is_reported(expected_drift, actual_drift):
    got = actual_drift[actual_drift.baseline_rows > 0]
    assert not actual_drift.duplicated(KEYS).any()
    assert set(map(tuple, got[KEYS].itertuples(index=False))) == set(map(tuple, expected_drift[KEYS].itertuples(index=False)))


def test_a_window_without_baseline_rows_reports_no_drift_and_no_unseen_values(expected_drift, actual_drift):
    """The windows the pandas reference finds no baseline rows for (the first window
    of a rolling baseline): every value would be unseen, so no share is reported."""
    empty = actual_drift[~actual_drift.set_index(KEYS).index.isin(expected_drift.set_index(KEYS).index)]
    assert len(empty) > 0 and (empty.baseline_rows == 0).all()
    for column in ["psi", "js_distance", "chi_square", "ks_statistic", "unseen_share", "vanished_share",
                   "out_of_range_share"]:
        assert empty[column].isna().all(), column


@pytest.mark.parametrize("column,tolerance", [
    ("current_rows", 0), ("baseline_rows", 0), ("bin_count", 0),
    ("psi", 1e-9), ("kl_divergence", 1e-9), ("js_distance", 1e-9), ("chi_square", 1e-7),
    ("current_null_share", 1e-12), ("unseen_share", 1e-12), ("vanished_share", 1e-12), ("ks_statistic", 1e-12),
    ("out_of_range_share", 1e-12), ("current_cardinality", 0), ("baseline_cardinality", 0),
    ("chi_square_p_value", 0.0056),  # exact for 1-2 degrees of freedom, Wilson–Hilferty above (documented)
])
def test_drift_values_match_scipy(expected_drift, actual_drift, column, tolerance):
    merged = expected_drift.merge(actual_drift, on=KEYS, suffixes=("_expected", "_actual"))
    assert len(merged) == len(expected_drift)
    bad = []
    for row in merged.itertuples():
        want, got = getattr(row, f"{column}_expected"), getattr(row, f"{column}_actual")
        if ref._is_null(want) or ref._is_null(got):
            if not (ref._is_null(want) and ref._is_null(got)):
                bad.append((row.model_name, row.window_start, row.feature_name, want, got))
        elif not math.isclose(float(want), float(got), rel_tol=max(tolerance, 1e-12), abs_tol=tolerance):
            bad.append((row.model_name, row.window_start, row.feature_name, want, got))
    assert not bad, f"{len(bad)} mismatches, first: {bad[:5]}"


def test_actuals_coverage_and_latency_match_pandas(slices_project, inputs):
    """ml_tracing__data_quality's window checks of the fraud model, recomputed."""
    fraud = inputs["fraud"].merge(inputs["fraud_latest"], on="prediction_id", how="left")
    production = fraud[fraud.env == "production"].assign(window=lambda f: f.predicted_at.dt.floor("D").dt.date)
    hours = (production.labeled_at - production.predicted_at).dt.total_seconds() / 3600
    expected = production.assign(hours=hours).groupby("window").agg(
        coverage=("label", lambda s: s.notna().mean()), latency=("hours", "mean"))
    quality = slices_project.query("""
        select window_start, check_name, observed_value
        from main_ml_tracing.ml_tracing__data_quality
        where model_name = 'fraud' and check_name in ('actuals_coverage', 'actual_latency_hours')
    """)
    quality["window_start"] = pd.to_datetime(quality.window_start).dt.date
    got = quality.pivot(index="window_start", columns="check_name", values="observed_value")
    assert list(got.index) == list(expected.index)
    assert np.allclose(got.actuals_coverage, expected.coverage, rtol=1e-12)
    assert np.allclose(got.actual_latency_hours, expected.latency, rtol=1e-9)



def run_gate(project, name, sql, schema_yml):
    """`dbt test` of a throwaway model `name` carrying the gates of `schema_yml`: (status, failures) per test."""
    gate_yml = project.root / "models" / f"{name}.yml"
    project.write_model(name, sql)
    gate_yml.write_text(schema_yml)
    try:
        project.dbt("test", "--select", name, expect_success=False)
        results = project.run_results()
    finally:
        gate_yml.unlink()
        (project.root / "models" / f"{name}.sql").unlink()
    return [(r["status"], r["failures"]) for r in results]


CONFLICT_GATE = """
version: 2
models:
  - name: conflicting_actuals_gate
    data_tests:
      - ml_tracing.expect_conflicting_actuals_share_to_be_below:
          arguments: {{ml_model: {model}, threshold: {threshold}}}
"""


@pytest.mark.parametrize("model_name, actuals_name, value", [("fraud", "fraud_actuals", "label"),
                                                            ("demand", "demand_actuals", "units")])
def test_conflicting_actuals_match_pandas(slices_project, inputs, model_name, actuals_name, value):
    """A prediction's actuals conflict when they hold more than one label (fraud: 5% of
    them flipped by a later correction) or value (demand: 2.5% revised); repeating the
    same one (4% and 2.5%) does not. Recomputed per prediction (the inference store),
    per window (ml_tracing__data_quality: share of the current predictions with an
    actual), as alerts (warn 0.02, error 0.1) and through the gate."""
    actuals = inputs[actuals_name]
    values_per_id = actuals.groupby("prediction_id")[value].nunique()
    conflicting = values_per_id > 1
    rows_per_id = actuals.prediction_id.value_counts().reindex(values_per_id.index)
    assert conflicting.any() and ((rows_per_id > 1) & ~conflicting).any()  # conflicts and agreeing repeats

    store = slices_project.query(f"""
        select prediction_id, has_conflicting_actuals from main_ml_tracing.ml_tracing__inferences
        where model_name = '{model_name}'
    """).set_index("prediction_id")
    assert (store.has_conflicting_actuals.astype(bool)
            == conflicting.reindex(store.index, fill_value=False)).all()

    predictions = inputs[model_name]
    if model_name == "fraud":
        predictions = predictions[predictions.env == "production"]
    labelled = predictions[predictions.prediction_id.isin(values_per_id.index)]
    windows = labelled.assign(window=labelled.predicted_at.dt.floor("D").dt.date,
                              conflict=conflicting.loc[labelled.prediction_id].to_numpy())
    expected = windows.groupby("window").conflict.mean()
    window_rows = predictions.groupby(predictions.predicted_at.dt.floor("D").dt.date).size()
    quality = slices_project.query(f"""
        select window_start, observed_value from main_ml_tracing.ml_tracing__data_quality
        where model_name = '{model_name}' and check_name = 'conflicting_actuals'
    """)
    got = quality.set_index(pd.to_datetime(quality.window_start).dt.date).observed_value.sort_index()
    assert list(got.index) == list(expected.index)
    assert np.allclose(got.astype(float), expected, rtol=1e-12)

    alerts = slices_project.query(f"""
        select window_start, severity from main_ml_tracing.ml_tracing__alerts
        where model_name = '{model_name}' and check_name = 'conflicting_actuals' and status = 'breached'
    """)
    judged = expected[(expected > 0.02) & (window_rows.reindex(expected.index) >= 30)]
    assert len(judged)  # the data breaches the warn level somewhere
    assert {(pd.Timestamp(r.window_start).date(), r.severity) for r in alerts.itertuples()} == \
        {(window, "error" if share > 0.1 else "warn") for window, share in judged.items()}

    threshold = float(np.median(expected))  # some windows above it, some not
    results = run_gate(slices_project, "conflicting_actuals_gate", "select 1 as one",
                       CONFLICT_GATE.format(model=model_name, threshold=threshold))
    failing = int((expected > threshold).sum())
    assert 0 < failing < len(expected)
    assert results == [("fail", failing)]


VANISHED_GATE = """
version: 2
models:
  - name: fraud_vanished_gate
    columns:
      - name: channel
        data_tests:
          - ml_tracing.expect_vanished_share_to_be_below:
              arguments: {ml_model: fraud, threshold: 0.05}
"""


def test_vanished_share_alerts_and_gate(slices_project, expected_drift, inputs):
    """The fraud data's `phone` channel stops after the first production day: its
    windows' vanished_share breaches the default thresholds (warn 0.01, error 0.05)
    in ml_tracing__alerts, and the gate fails once per breached window. The `fax`
    channel, 1% of the training rows, is absent from production too, but a window
    would hold about 2 of it: not counted (test_drift_values_match_scipy)."""
    fraud = inputs["fraud"]
    training, production = fraud[fraud.env == "training"], fraud[fraud.env == "production"]
    by_day = production.groupby(production.predicted_at.dt.date)
    assert "fax" not in set(production.channel)
    assert ((training.channel == "fax").mean() * by_day.size() < MIN_EXPECTED_ROWS).all()
    breached = expected_drift[(expected_drift.vanished_share > 0.01) & (expected_drift.current_rows >= 30)]
    expected = {(r.model_name, r.window_start, r.feature_name, "error" if r.vanished_share > 0.05 else "warn")
                for r in breached.itertuples()}
    channel = expected_drift[(expected_drift.model_name == "fraud") & (expected_drift.feature_name == "channel")]
    gate_windows = int((channel.vanished_share > 0.05).sum())
    assert 0 < gate_windows < len(channel)  # the data has windows with and without the vanished channel

    alerts = slices_project.query("""
        select model_name, window_start, subject, severity
        from main_ml_tracing.ml_tracing__alerts
        where check_name = 'vanished_share' and status = 'breached'
    """)
    got = {(r.model_name, pd.Timestamp(r.window_start).date(), r.subject, r.severity) for r in alerts.itertuples()}
    assert got == expected

    results = run_gate(slices_project, "fraud_vanished_gate", "select * from {{ ref('fraud_predictions') }}", VANISHED_GATE)
    assert results == [("fail", gate_windows)]


def between(values: pd.Series, share: float) -> float:
    """A level halfway between two neighbouring values, about `share` of them below it."""
    ordered = np.sort(values.unique())
    i = max(1, min(len(ordered) - 1, int(share * len(ordered))))
    return float((ordered[i - 1] + ordered[i]) / 2)


def test_threshold_settings_decide_the_drift_alerts(slices_project, expected_drift, raw_frames, inputs):
    """The levels of the drift alerts come from the package defaults, then the
    project's `defaults.thresholds`, the model's `thresholds` and its
    `feature_thresholds`; `false` turns a check off there (js_distance for every
    model, psi for fraud's channel) and levels given later turn it on again
    (js_distance for fraud's state). The alerts are rebuilt under these settings
    and compared with scipy's values against the same levels."""
    fraud = expected_drift[expected_drift.model_name == "fraud"]
    warn, amount_error, error = (between(fraud.psi, share) for share in (0.4, 0.6, 0.8))
    state = fraud[fraud.feature_name == "state"]
    js_warn, js_error = between(state.js_distance, 0.3), between(state.js_distance, 0.7)
    configs = model_configs(inputs["classes"])
    for config in configs:
        if config["name"] == "fraud":
            config["thresholds"] = {"psi": {"warn": warn, "error": error}}
            config["feature_thresholds"] = {"channel": {"psi": False}, "amount": {"psi": {"error": amount_error}},
                                            "state": {"js_distance": {"warn": js_warn, "error": js_error}}}
    settings = {"ml_tracing": {"models": configs, "defaults": {"thresholds": {"js_distance": False}}}}

    def levels(model, feature, check):
        if check == "js_distance":
            return (js_warn, js_error) if (model, feature) == ("fraud", "state") else None
        if model != "fraud":
            return 0.1, 0.25
        return {"channel": None, "amount": (warn, amount_error)}.get(feature, (warn, error))

    window_rows = {(name, window.date()): rows for name, frame in raw_frames.items()
                   for window, rows in frame[frame.is_current].groupby("window").size().items()}
    expected = set()
    for r in expected_drift.itertuples():
        if window_rows[(r.model_name, r.window_start)] < 30:
            continue  # too few rows: reported, not alerted on
        for check in ("psi", "js_distance"):
            value, level = getattr(r, check), levels(r.model_name, r.feature_name, check)
            if level is not None and value > level[0]:
                expected.add((r.model_name, r.window_start, check, r.feature_name,
                              "error" if value > level[1] else "warn"))
    severities = {row[-1] for row in expected}
    assert severities == {"warn", "error"} and {row[2] for row in expected} == {"psi", "js_distance"}

    try:
        slices_project.dbt("run", "--select", "ml_tracing__alerts", vars=settings)
        alerts = slices_project.query("""
            select model_name, window_start, check_name, subject, severity from main_ml_tracing.ml_tracing__alerts
            where alert_kind = 'drift' and status = 'breached'
        """)
    finally:
        slices_project.dbt("run", "--select", "ml_tracing__alerts")
    got = {(r.model_name, pd.Timestamp(r.window_start).date(), r.check_name, r.subject, r.severity)
           for r in alerts.itertuples()}
    assert got == expected
