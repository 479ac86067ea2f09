"""Generated inputs for the throwaway projects: small, seeded, and deliberately messy."""
from __future__ import annotations

import numpy as np
import pandas as pd

START = pd.Timestamp("2026-03-01")
# Slice values that must survive intact: NULL, the empty string (via a sentinel the
# predictions model turns into ''), a backslash (an escape in Spark's literals),
# quotes, the key delimiters and non-ASCII text.
ODD_STATES = ["CA", "TX\\Austin", None, "__empty__", "O'Hare & Co=1", "São Paulo"]


def _timestamps(rng, days: int, n: int, start=START) -> pd.Series:
    seconds = rng.integers(0, days * 86400, n)
    return pd.Series(start + pd.to_timedelta(np.sort(seconds), unit="s"))


def _rows_before(frame: pd.DataFrame, days: int, every: int) -> np.ndarray:
    """Every `every`-th row predicted in the first `days` days (a value only they have)."""
    early = (frame.predicted_at < START + pd.Timedelta(days=days)).to_numpy()
    return early & (np.arange(len(frame)) % every == 0)


def binary_frames(seed: int = 7, n: int = 1500):
    """Fraud-like binary data: 3 training days, then 4 production days."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "prediction_id": [f"b{i:05d}" for i in range(n)],
        "predicted_at": _timestamps(rng, 7, n),
    })
    frame["env"] = np.where(frame.predicted_at < START + pd.Timedelta(days=3), "training", "production")
    frame["state"] = rng.choice(np.array(ODD_STATES, dtype=object), n, p=[0.3, 0.25, 0.1, 0.1, 0.15, 0.1])
    frame["channel"] = rng.choice(["web", "app", "pos"], n)
    frame["amount"] = np.round(rng.gamma(2.0, 40.0, n), 2)
    truth = rng.random(n) < np.where(frame.channel == "web", 0.35, 0.15)
    # a channel of the training days and the first production day only: later windows lack it
    frame.loc[_rows_before(frame, 4, every=12), "channel"] = "phone"
    # a rare channel of the training days only: too rare for a production window to be sure to see it
    frame.loc[_rows_before(frame, 3, every=101), "channel"] = "fax"
    frame["score"] = np.round(np.clip(np.where(truth, rng.beta(4, 2, n), rng.beta(2, 4, n)), 0.001, 0.999), 4)
    frame["pred_label"] = (frame.score >= 0.5).astype(int)
    actuals = pd.DataFrame({
        "prediction_id": frame.prediction_id,
        "label": truth.astype(int),
        # 30 hours and some milliseconds (a draw of its own: the other columns stay as they were)
        "labeled_at": frame.predicted_at + pd.Timedelta(hours=30)
        + pd.to_timedelta(np.random.default_rng(seed + 1).integers(0, 1000, n), unit="ms"),
    })
    # 10% of predictions never get an actual
    actuals = actuals[rng.random(n) >= 0.10]
    # 5% get a later correction that flips the label: the latest must win
    corrections = actuals.sample(frac=0.05, random_state=seed).copy()
    corrections["label"] = 1 - corrections["label"]
    corrections["labeled_at"] = corrections["labeled_at"] + pd.Timedelta(days=2)
    stale = actuals.loc[corrections.index].copy()
    # 4% of the others get the same label again a day later: repeated, not conflicting
    repeats = actuals.drop(corrections.index).sample(frac=0.04, random_state=seed + 1).copy()
    repeats["labeled_at"] = repeats["labeled_at"] + pd.Timedelta(days=1)
    actuals = pd.concat([actuals, corrections, repeats]).sort_values(["prediction_id", "labeled_at"])
    latest = actuals.drop_duplicates("prediction_id", keep="last")
    return frame, actuals, latest, stale


def multiclass_frames(seed: int = 11, n: int = 1200):
    """Intent classification, versions v1 (baseline) and v2 on the same 3 days."""
    rng = np.random.default_rng(seed)
    classes = np.array(["billing", "support", "sales"])
    frame = pd.DataFrame({
        "prediction_id": [f"m{i:05d}" for i in range(n)],
        "predicted_at": _timestamps(rng, 3, n),
        "version": rng.choice(["v1", "v2"], n),
        "region": rng.choice(["eu", "us", "apac", None], n, p=[0.4, 0.35, 0.2, 0.05]),
        "device": rng.choice(["mobile", "desktop"], n),
    })
    truth = rng.choice(classes, n, p=[0.5, 0.3, 0.2])
    accuracy = np.where(frame.version == "v2", np.where(frame.region == "apac", 0.4, 0.8), 0.75)
    correct = rng.random(n) < accuracy
    frame["predicted_intent"] = np.where(correct, truth, rng.choice(classes, n))
    # a device of v1 (the baseline version) on the first day only
    frame.loc[_rows_before(frame, 1, every=8) & (frame.version == "v1"), "device"] = "tablet"
    actuals = pd.DataFrame({"prediction_id": frame.prediction_id, "intent": truth,
                            "labeled_at": frame.predicted_at + pd.Timedelta(hours=1)})
    return frame, actuals, classes.tolist()


def regression_frames(seed: int = 5, n: int = 1000):
    """Demand forecasting over 5 days, compared with the 2 days before each window."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "prediction_id": [f"r{i:05d}" for i in range(n)],
        "predicted_at": _timestamps(rng, 5, n),
        "segment": rng.choice(["retail", "wholesale", "online"], n),
        "store_size": np.round(rng.uniform(10, 500, n), 1),
    })
    actual = np.round(rng.gamma(3.0, 20.0, n), 2)
    actual[rng.random(n) < 0.05] = 0.0  # zero actuals: excluded from MAPE, counted
    bias = np.where(frame.segment == "online", 15.0, 0.0)
    frame["forecast"] = np.round(actual + bias + rng.normal(0, 8, n), 2)
    # a segment of the first day only: the next two windows' rolling baselines have it, they lack it
    frame.loc[_rows_before(frame, 1, every=10), "segment"] = "catering"
    actuals = pd.DataFrame({"prediction_id": frame.prediction_id, "units": actual,
                            "observed_at": frame.predicted_at + pd.Timedelta(days=1)})
    # a day later, 2.5% are revised (1.5 units more: the latest wins) and 2.5% repeated unchanged
    later = actuals.sample(frac=0.05, random_state=seed).assign(observed_at=lambda f: f.observed_at + pd.Timedelta(days=1))
    later.iloc[: len(later) // 2, later.columns.get_loc("units")] += 1.5
    return frame, pd.concat([actuals, later]).sort_values(["prediction_id", "observed_at"], ignore_index=True)


PLANTED_CARDINALITIES = {"channel": 3, "device": 4, "plan": 6, "region": 8, "store": 25}


def planted_frames(task: str, seed: int, n: int = 3000, days: int = 3):
    """Predictions and actuals with a planted bad slice (`plan=plan_2 & region=region_1`),
    five slice columns of different cardinalities (`device` with NULLs), over `days` days."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "prediction_id": [f"{task[0]}{seed}_{i:05d}" for i in range(n)],
        "predicted_at": _timestamps(rng, days, n),
    })
    for column, cardinality in PLANTED_CARDINALITIES.items():
        frame[column] = [f"{column}_{k}" for k in rng.zipf(1.6, n) % cardinality]
    frame.loc[rng.random(n) < 0.05, "device"] = None
    bad = ((frame.plan == "plan_2") & (frame.region == "region_1")).to_numpy()
    if task == "binary_classification":
        truth = rng.random(n) < 0.3
        correct = rng.random(n) < np.where(bad, 0.3, 0.85)
        frame["predicted_label"] = np.where(correct, truth, ~truth).astype(int)
        frame["score"] = np.round(np.clip(np.where(frame.predicted_label == 1, rng.beta(5, 2, n), rng.beta(2, 5, n)),
                                          0.001, 0.999), 4)
        actual = truth.astype(int)
    elif task == "multiclass_classification":
        classes = np.array(["billing", "sales", "support"])
        truth = rng.choice(classes, n, p=[0.5, 0.3, 0.2])
        correct = rng.random(n) < np.where(bad, 0.3, 0.8)
        frame["predicted_label"] = np.where(correct, truth, rng.choice(classes, n))
        actual = truth
    else:
        actual = np.round(rng.gamma(3.0, 20.0, n), 2)
        actual[rng.random(n) < 0.03] = 0.0
        frame["predicted_value"] = np.round(actual + np.where(bad, 12.0, 0.0)
                                            + rng.normal(0, np.where(bad, 25.0, 6.0)), 2)
    actuals = pd.DataFrame({"prediction_id": frame.prediction_id, "actual": actual,
                            "observed_at": frame.predicted_at + pd.Timedelta(hours=6)})
    return frame, actuals[rng.random(n) >= 0.05]
