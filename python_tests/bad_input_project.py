"""A throwaway project fed with bad input: duplicate ids, missing ids and timestamps,
orphan, NULL and repeated actuals, out-of-domain predictions and labels, odd slice
values, zoned timestamps across a daylight-saving change, an empty window, an
all-NULL and a constant numeric column, a model without actuals, one whose actuals
table is empty, and an empty one.

The frames are generated here and the expectations computed from them in pandas
(test_bad_input.py); the warehouse only ever sees the CSV seeds."""
from __future__ import annotations

import numpy as np
import pandas as pd
import yaml

from harness import DbtProject

LOCAL_ZONE = "America/New_York"  # clocks go forward on 2026-03-08 at 02:00
# production days (local); 2026-03-09 and -10 are empty, so the UTC day 2026-03-10 has no rows
PRODUCTION_DAYS = ["2026-03-06", "2026-03-07", "2026-03-08", "2026-03-11"]
TRAINING_DAYS = ["2026-03-03", "2026-03-04"]
LONG_VALUE = "long-" + "x" * 995
# slice values that must survive: NULL, the empty string (sentinel), a quote, the key
# delimiters, a newline (sentinel), non-ASCII text, a very long value, and one
# value held by a single row
PLANS = [None, "__empty__", "it's", "a&b=c", "line__LF__break", "Zürich", LONG_VALUE, "basic"]
CLASSES = ["billing", "sales", "support"]


def _zoned(timestamps: pd.Series) -> pd.Series:
    """Local wall-clock times written with their UTC offset, as a zoned column holds them."""
    return timestamps.dt.tz_localize(LOCAL_ZONE, nonexistent="shift_forward", ambiguous=False)


def churn_frames(seed: int = 3, per_day: int = 60):
    """Predictions and actuals of a binary model, messy on purpose.

    Returns (predictions, actuals, late_actuals): late actuals arrive only for the second run."""
    rng = np.random.default_rng(seed)
    days = TRAINING_DAYS + PRODUCTION_DAYS
    rows = []
    for day in days:
        # spread over the local day; on 2026-03-08 this crosses the 02:00 -> 03:00 jump
        seconds = np.sort(rng.integers(0, 86400, per_day))
        for second in seconds:
            rows.append(pd.Timestamp(day) + pd.Timedelta(seconds=int(second)))
    n = len(rows)
    frame = pd.DataFrame({"prediction_id": [f"c{i:04d}" for i in range(n)], "local_at": rows})
    frame["env"] = np.where(frame.local_at.dt.strftime("%Y-%m-%d").isin(TRAINING_DAYS), "training", "production")
    frame["plan"] = rng.choice(np.array(PLANS[:-1], dtype=object), n)
    frame.loc[frame.index[-1], "plan"] = "solo"  # a slice of one row
    frame["region"] = rng.choice(["north", "south"], n)
    frame["discount"] = np.nan  # a numeric slice column that is entirely NULL (or NaN: churn_predictions)
    frame["tier_score"] = 5.0  # a numeric slice column that is constant
    frame["tiny"] = rng.uniform(0, 1e-5, n)  # a numeric slice column whose bin edges are below 1e-4
    frame["close"] = 1000 + rng.uniform(0, 1e-4, n)  # edges that 4 decimals do not tell apart
    truth = (rng.random(n) < 0.3).astype(int)
    frame["score"] = np.round(np.clip(np.where(truth == 1, rng.beta(4, 2, n), rng.beta(2, 4, n)), 0.01, 0.99), 3)
    frame["predicted_churn"] = (frame.score >= 0.5).astype(float)
    # NULL predictions (label and score) and scores outside [0, 1]
    null_rows = rng.choice(n, 8, replace=False)
    frame.loc[null_rows, ["score", "predicted_churn"]] = np.nan
    out_of_range = rng.choice(np.setdiff1d(np.arange(n), null_rows), 6, replace=False)
    frame.loc[out_of_range, "score"] = np.where(np.arange(6) % 2 == 0, 1.25, -0.4)
    frame["truth"] = truth

    # duplicate ids: a later copy (wins), an earlier copy (loses), and copies at the
    # same instant that differ in the prediction (the tie-break decides)
    production = frame.index[frame.env == "production"]
    picks = rng.choice(production[:-1], 24, replace=False)
    later = frame.loc[picks[:8]].copy()
    later["local_at"] = later.local_at + pd.Timedelta(minutes=30)
    later["score"] = np.round(rng.random(8), 3)
    earlier = frame.loc[picks[8:16]].copy()
    earlier["local_at"] = earlier.local_at - pd.Timedelta(minutes=5)
    earlier["score"] = np.round(rng.random(8), 3)
    same_instant = frame.loc[picks[16:]].copy()
    same_instant["score"] = np.round(rng.random(8), 3)
    same_instant["predicted_churn"] = 1.0 - frame.loc[picks[16:], "predicted_churn"].fillna(0).to_numpy()
    triple = frame.loc[picks[:2]].copy()  # a third copy of two ids
    triple["local_at"] = triple.local_at - pd.Timedelta(hours=2)
    for copy in (later, earlier, triple):
        copy["predicted_churn"] = (copy.score >= 0.5).astype(float)
    # a copy at the same instant with the same prediction, only its plan differs: the
    # text tie-break decides, bytewise ('Zürich' < 'a&b=c') on every engine and collation
    ampersand = frame.index[(frame.env == "production") & (frame.plan == "a&b=c") & frame.score.notna()]
    plan_tie = frame.loc[ampersand.difference(picks)[:1]].copy().assign(plan="Zürich")
    duplicates = pd.concat([later, earlier, same_instant, triple, plan_tie])

    # rows without an id, without a timestamp
    missing_id = frame.loc[production[:3]].copy().assign(prediction_id=None)
    missing_at = frame.loc[production[3:5]].copy().assign(prediction_id=["c_no_time_1", "c_no_time_2"], local_at=pd.NaT)
    predictions = pd.concat([frame, duplicates, missing_id, missing_at], ignore_index=True)
    predictions = predictions.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    predictions["predicted_at"] = _zoned(predictions.local_at)

    # actuals: most predictions one, some several (latest wins, ties broken by label),
    # some with no time, some NULL, some for predictions that do not exist
    ids = frame.prediction_id
    labeled = frame[rng.random(n) >= 0.1]
    actuals = pd.DataFrame({"prediction_id": labeled.prediction_id, "churned": labeled.truth.astype(float),
                            "labeled_local_at": labeled.local_at + pd.Timedelta(hours=20)})
    corrected = actuals.sample(12, random_state=1).copy()
    corrected["churned"] = 1 - corrected.churned
    corrected["labeled_local_at"] = corrected.labeled_local_at + pd.Timedelta(days=1)
    tied = actuals.drop(corrected.index).sample(6, random_state=2).copy()
    tied["churned"] = 1 - tied.churned  # same instant, other label: the larger label ('1') wins
    untimed = actuals.drop(corrected.index).drop(tied.index).sample(5, random_state=3).copy()
    untimed["churned"] = 1 - untimed.churned
    untimed["labeled_local_at"] = pd.NaT  # ranks after any timed actual
    nulls = actuals.sample(4, random_state=4).copy()
    nulls["churned"] = np.nan
    nulls["labeled_local_at"] = nulls.labeled_local_at + pd.Timedelta(days=3)  # latest, but NULL: not an actual
    unlabeled_ids = ids[~ids.isin(actuals.prediction_id)]
    null_only = pd.DataFrame({"prediction_id": unlabeled_ids.iloc[:2], "churned": np.nan,
                              "labeled_local_at": frame.set_index("prediction_id").loc[unlabeled_ids.iloc[:2], "local_at"].to_numpy()})
    orphans = pd.DataFrame({"prediction_id": ["ghost_1", "ghost_2", "ghost_2", None, "c_no_time_1"],
                            "churned": [1.0, 0.0, 1.0, 1.0, 0.0],
                            "labeled_local_at": [pd.Timestamp("2026-03-07 12:00")] * 5})
    late_ids = unlabeled_ids.iloc[2:8]
    late = pd.DataFrame({"prediction_id": late_ids, "churned": frame.set_index("prediction_id").loc[late_ids, "truth"].astype(float).to_numpy(),
                         "labeled_local_at": pd.Timestamp("2026-03-12 09:00")})
    actuals = pd.concat([actuals, corrected, tied, untimed, nulls, null_only, orphans], ignore_index=True)
    for table in (actuals, late):
        table["labeled_at"] = _zoned(table.labeled_local_at)
    return predictions, actuals, late


def silent_frame(seed: int = 8, n: int = 90):
    """A regression model without any actuals: volume and drift only."""
    rng = np.random.default_rng(seed)
    seconds = np.sort(rng.integers(0, 3 * 86400, n))
    return pd.DataFrame({
        "prediction_id": [f"s{i:03d}" for i in range(n)],
        "predicted_at": pd.Timestamp("2026-03-06") + pd.to_timedelta(seconds, unit="s"),
        "segment": rng.choice(["a", "b", "c"], n),
        "forecast": np.round(rng.gamma(2.0, 10.0, n), 2),
    })


def intent_frames(seed: int = 9, n: int = 120):
    """A multiclass model whose predictions and actuals hold labels outside its classes."""
    rng = np.random.default_rng(seed)
    seconds = np.sort(rng.integers(0, 2 * 86400, n))
    truth = rng.choice(CLASSES + ["refund"], n, p=[0.4, 0.3, 0.2, 0.1])
    predicted = np.where(rng.random(n) < 0.7, truth, rng.choice(CLASSES + ["unknown"], n))
    frame = pd.DataFrame({
        "prediction_id": [f"i{i:03d}" for i in range(n)],
        "predicted_at": pd.Timestamp("2026-03-06") + pd.to_timedelta(seconds, unit="s"),
        "channel": rng.choice(["chat", "mail"], n),
        "predicted_intent": predicted,
    })
    actuals = pd.DataFrame({"prediction_id": frame.prediction_id, "intent": truth})
    return frame, actuals


# a regression model's days at the edges of R² and WAPE: (name, actuals, prediction error)
GAUGE_DAYS = {
    "2026-03-06": ("ordinary", lambda rng, n: rng.normal(50, 10, n), 3.0),
    "2026-03-07": ("tiny", lambda rng, n: rng.normal(0, 1e-8, n), 3e-9),
    "2026-03-08": ("constant", lambda rng, n: np.full(n, 1e6 + 0.1), 1.0),
    "2026-03-09": ("offset", lambda rng, n: 1e12 + rng.normal(0, 1000, n), 300.0),
    "2026-03-10": ("small", lambda rng, n: rng.uniform(0, 0.2, n), 0.05),  # Σ|actual| ≈ 4 over 40 rows
}


def _day_times(rng, day: str, n: int) -> pd.Series:
    """n sorted times within the UTC day."""
    return pd.Timestamp(day) + pd.to_timedelta(np.sort(rng.integers(0, 86400, n)), unit="s")


def _with_ids(days: list[pd.DataFrame], prefix: str) -> pd.DataFrame:
    """The days' rows as one frame, each with an id: prefix and row number."""
    frame = pd.concat(days, ignore_index=True)
    frame.insert(0, "prediction_id", [f"{prefix}{i:03d}" for i in range(len(frame))])
    return frame


def gauge_frames(seed: int = 10, per_day: int = 40):
    """A regression model whose days hold actuals of every scale, and one constant day."""
    rng = np.random.default_rng(seed)
    days = []
    for day, (_, actuals, error) in GAUGE_DAYS.items():
        actual = actuals(rng, per_day)
        days.append(pd.DataFrame({
            "predicted_at": _day_times(rng, day, per_day),
            "forecast": actual + rng.normal(0, error, per_day), "reading": actual}))
    return _with_ids(days, "g")


def steady_frame(seed: int = 11, per_day: int = 80):
    """A binary model right on every row for three days; on the fourth, a quarter of the
    negatives predicted positive: accuracy falls from a history without variation, the
    false positive rate rises from a baseline of 0."""
    rng = np.random.default_rng(seed)
    days = []
    for day in ["2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09"]:
        truth = np.arange(per_day) % 2
        predicted = truth.copy()
        if day == "2026-03-09":
            predicted[np.flatnonzero(truth == 0)[: per_day // 8]] = 1
        days.append(pd.DataFrame({
            "predicted_at": _day_times(rng, day, per_day),
            "predicted_label": predicted, "actual_label": truth}))
    return _with_ids(days, "t")


# severity warn: the package's build passes, `dbt test` reports them
STEADY_GATES = """
version: 2
seeds:
  - name: steady_predictions
    data_tests:
      - ml_tracing.expect_metric_to_be_within_stddevs:
          arguments: {ml_model: steady, k: 3}
          config: {severity: warn}
      - ml_tracing.expect_metric_not_to_drop:
          arguments: {ml_model: steady, metric: false_positive_rate, max_drop: 0.5, relative: true}
          config: {severity: warn}
"""


def model_configs():
    return [
        {"name": "churn", "task": "binary_classification", "predictions": "churn_predictions",
         "actuals": "churn_actuals",
         "columns": {"environment": "env", "predicted_label": "predicted_churn", "predicted_score": "score",
                     "actual_label": "churned", "actual_observed_at": "labeled_at"},
         "slice_columns": ["plan", "region", "discount", "tier_score", "tiny", "close"], "max_slice_depth": 2,
         "min_slice_rows": 1, "features": ["plan", "region"],
         "metrics": ["recall", "precision", "accuracy", "log_loss", "predicted_positive_rate", "f1"],
         "baseline": {"kind": "environment", "environment": "training"}},
        {"name": "silent", "task": "regression", "predictions": "silent_predictions",
         "columns": {"predicted_value": "forecast"}, "slice_columns": ["segment"], "features": ["segment"],
         "min_slice_rows": 1, "baseline": {"kind": "rolling", "days": 1}},
        {"name": "intent", "task": "multiclass_classification", "predictions": "intent_predictions",
         "actuals": "intent_actuals", "classes": CLASSES,
         "columns": {"predicted_label": "predicted_intent", "actual_label": "intent"},
         "slice_columns": ["channel"], "min_slice_rows": 1, "metrics": ["accuracy"],
         "baseline": {"kind": "rolling", "days": 1}},
        {"name": "gauge", "task": "regression", "predictions": "gauge_predictions", "actuals": "gauge_predictions",
         "columns": {"predicted_value": "forecast", "actual_value": "reading"},
         "slice_columns": [], "metrics": ["r2", "wape", "mae"], "baseline": {"kind": "rolling", "days": 1}},
        {"name": "steady", "task": "binary_classification", "predictions": "steady_predictions",
         "actuals": "steady_predictions",
         "columns": {"predicted_label": "predicted_label", "actual_label": "actual_label"},
         "slice_columns": [], "metrics": ["accuracy", "false_positive_rate"], "baseline": {"kind": "rolling", "days": 1}},
        {"name": "unlabeled", "task": "binary_classification", "predictions": "churn_predictions",
         "actuals": "vacant_actuals",
         "columns": {"environment": "env", "predicted_label": "predicted_churn", "actual_label": "label"},
         "slice_columns": ["region"], "min_slice_rows": 1, "metrics": ["recall", "predicted_positive_rate"]},
        {"name": "vacant", "task": "binary_classification", "predictions": "vacant_predictions",
         "actuals": "vacant_actuals",
         "columns": {"environment": "env", "predicted_score": "score", "actual_label": "label"},
         "slice_columns": ["plan"], "min_slice_rows": 1},
    ]


def generate():
    churn, churn_actuals, late = churn_frames()
    silent = silent_frame()
    intent, intent_actuals = intent_frames()
    return dict(churn=churn, churn_actuals=churn_actuals, late=late, silent=silent,
                intent=intent, intent_actuals=intent_actuals, gauge=gauge_frames(), steady=steady_frame())


def _zoned_text(values: pd.Series) -> pd.Series:
    return values.map(lambda t: None if pd.isna(t) else t.isoformat(sep=" "))


def write_actuals(project: DbtProject, actuals: pd.DataFrame) -> None:
    project.write_seed("churn_actuals", actuals.assign(labeled_at=_zoned_text(actuals.labeled_at),
                                                       churned=actuals.churned.astype("Int64"))[
        ["prediction_id", "churned", "labeled_at"]],
        {"prediction_id": "string", "churned": "integer", "labeled_at": "timestamptz"})


def build_bad_input_project(root, engine, data) -> DbtProject:
    # on PostgreSQL, a database whose text collation is not bytewise
    project = DbtProject(root, engine, postgres_icu_locale="en-US")
    s, t, d, i, z = "string", "timestamp", "double", "integer", "timestamptz"
    churn = data["churn"].assign(predicted_at=_zoned_text(data["churn"].predicted_at),
                                 predicted_churn=data["churn"].predicted_churn.astype("Int64"))
    project.write_seed("churn_seed", churn[["prediction_id", "predicted_at", "env", "plan", "region", "discount",
                                            "tier_score", "tiny", "close", "score", "predicted_churn"]],
                       {"prediction_id": s, "predicted_at": z, "env": s, "plan": s, "region": s, "discount": d,
                        "tier_score": d, "tiny": d, "close": d, "score": d, "predicted_churn": i})
    write_actuals(project, data["churn_actuals"])
    project.write_seed("silent_predictions", data["silent"], {"prediction_id": s, "predicted_at": t, "segment": s,
                                                              "forecast": d})
    project.write_seed("intent_predictions", data["intent"], {"prediction_id": s, "predicted_at": t, "channel": s,
                                                              "predicted_intent": s})
    project.write_seed("intent_actuals", data["intent_actuals"], {"prediction_id": s, "intent": s})
    project.write_seed("gauge_predictions", data["gauge"], {"prediction_id": s, "predicted_at": t, "forecast": d,
                                                            "reading": d})
    project.write_seed("steady_predictions", data["steady"], {"prediction_id": s, "predicted_at": t,
                                                              "predicted_label": i, "actual_label": i})
    (project.root / "seeds" / "steady_gates.yml").write_text(STEADY_GATES)
    project.write_seed("vacant_predictions", pd.DataFrame(columns=["prediction_id", "predicted_at", "env", "plan", "score"]),
                       {"prediction_id": s, "predicted_at": t, "env": s, "plan": s, "score": d})
    project.write_seed("vacant_actuals", pd.DataFrame(columns=["prediction_id", "label"]), {"prediction_id": s, "label": i})
    # the user's own model: CSV seeds cannot hold '' or a newline, so sentinels stand in
    project.write_model("churn_predictions", """
        select
            prediction_id, predicted_at, env,
            case when plan = '__empty__' then '' else replace(plan, '__LF__', chr(10)) end as plan,
            region,
            -- NaN is missing too, as in pandas: half of the NULL discounts come as NaN
            case when region = 'north' then cast('NaN' as {{ ml_tracing.mlt_type_double() }}) else discount end as discount,
            tier_score, tiny, close, score, predicted_churn
        from {{ ref('churn_seed') }}
    """)
    project.vars = {"ml_tracing": {"models": model_configs()}}
    # a session in another time zone: zoned timestamps must still land on UTC windows
    profiles = yaml.safe_load((project.root / "profiles.yml").read_text())
    for output in profiles[project.name]["outputs"].values():
        if output["type"] == "duckdb":
            output["settings"] = {"TimeZone": LOCAL_ZONE}
    (project.root / "profiles.yml").write_text(yaml.safe_dump(profiles))
    return project
