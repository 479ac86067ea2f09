"""A project for the statistics' properties: the same generated traffic monitored
twice per task — once as generated (no effect anywhere: every slice behaves like
the whole window) and once with one planted failure in the last full day — plus a
last window too small to judge."""
from __future__ import annotations

import numpy as np
import pandas as pd

from harness import DbtProject

START = pd.Timestamp("2026-05-01")
DAYS = 8
ROWS_PER_DAY = 2500
SMALL_WINDOW_ROWS = 12
PLANTED_DAY = START + pd.Timedelta(days=DAYS - 1)
PLANTED_BINARY_SLICE = "region=r3"
PLANTED_REGRESSION_SLICE = "segment=s2"
SLICE_COLUMNS = ["channel", "region", "segment"]
BINARY_METRICS = ["recall", "accuracy", "precision", "log_loss", "brier_score"]
REGRESSION_METRICS = ["mae", "mean_error", "mse"]


def generate(seed: int = 20261123) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n = DAYS * ROWS_PER_DAY + SMALL_WINDOW_ROWS
    day = np.concatenate([np.repeat(np.arange(DAYS), ROWS_PER_DAY), np.full(SMALL_WINDOW_ROWS, DAYS)])
    frame = pd.DataFrame({
        "prediction_id": [f"p{i:06d}" for i in range(n)],
        "predicted_at": START + pd.to_timedelta(day, unit="D") + pd.to_timedelta(rng.integers(0, 86400, n), unit="s"),
        "region": rng.choice([f"r{i}" for i in range(1, 7)], n),
        "channel": rng.choice(["web", "app", "pos", "phone"], n),
        "segment": rng.choice([f"s{i}" for i in range(1, 6)], n),
    })
    truth = rng.random(n) < 0.3
    score = np.where(truth, rng.uniform(0.3, 1.0, n), rng.uniform(0.0, 0.7, n))
    units = np.round(50 + rng.normal(0, 10, n), 3)
    forecast = np.round(units + rng.normal(0, 5, n), 3)
    frame["score"] = np.round(score, 4)
    frame["pred_label"] = (frame.score >= 0.5).astype(int)
    frame["forecast"] = forecast

    # planted: on the last full day, region r3 misses most positives and segment s2 is biased
    planted_day = day == DAYS - 1
    missed = planted_day & (frame.region == "r3").to_numpy() & truth & (rng.random(n) < 0.6)
    frame["score_planted"] = np.where(missed, np.round(rng.uniform(0.0, 0.5, n), 4), frame.score)
    frame["pred_label_planted"] = (frame.score_planted >= 0.5).astype(int)
    biased = planted_day & (frame.segment == "s2").to_numpy()
    frame["forecast_planted"] = np.where(biased, np.round(forecast + 6, 3), forecast)

    actuals = pd.DataFrame({"prediction_id": frame.prediction_id, "label": truth.astype(int), "units": units})
    return frame, actuals


def model_configs():
    binary = {"task": "binary_classification", "predictions": "stats_predictions", "actuals": "stats_actuals",
              "columns": {"predicted_label": "pred_label", "predicted_score": "score", "actual_label": "label"},
              "slice_columns": SLICE_COLUMNS, "max_slice_depth": 2, "metrics": BINARY_METRICS}
    regression = {"task": "regression", "predictions": "stats_predictions", "actuals": "stats_actuals",
                  "columns": {"predicted_value": "forecast", "actual_value": "units"},
                  "slice_columns": SLICE_COLUMNS, "max_slice_depth": 2, "metrics": REGRESSION_METRICS}
    return [
        {**binary, "name": "binary_null"},
        {**binary, "name": "binary_planted", "rank_slices_by": "pessimistic_impact", "confidence_level": 0.9,
         "columns": {**binary["columns"], "predicted_label": "pred_label_planted", "predicted_score": "score_planted"}},
        {**regression, "name": "regression_null", "false_discovery_rate": 0.1},
        {**regression, "name": "regression_planted", "rank_slices_by": "pessimistic_impact",
         "columns": {**regression["columns"], "predicted_value": "forecast_planted"}},
    ]


T_GRID = [0.0, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0, 10.0, 30.0]
DOF_GRID = [1.0, 1.7, 2.5, 3.0, 4.2, 5.0, 7.5, 12.0, 30.0, 100.0, 1000.0, 1e6]
# the centre (|p - 0.5| <= 0.425) and both tails of AS 241 (the far one below about 1.4e-11)
PROBABILITIES = [1e-12, 1e-6, 0.02, 0.2, 0.5, 0.8, 0.9, 0.95, 0.975, 0.995, 0.9995, 0.99995, 1 - 1e-9]
def approximation_sql() -> str:
    """A model of the user's own evaluating the package's numerical approximations:
    the t tail on a grid of (t, dof), and the normal quantile at some probabilities."""
    grid = "\n    union all\n    ".join(f"select cast({t} as {{{{ ml_tracing.mlt_type_double() }}}}) as t, cast({dof} as {{{{ ml_tracing.mlt_type_double() }}}}) as dof"
                                        for t in T_GRID for dof in DOF_GRID)
    quantiles = "".join(f"\nunion all\nselect null, null, null, {p}, {{{{ ml_tracing.normal_quantile({p}) }}}}"
                        for p in PROBABILITIES)
    return f"""
with

grid as (
    {grid}
),

deviates as (
    select t, dof, {{{{ ml_tracing.student_t_normal_deviate('t', 'dof') }}}} as deviate from grid
)

select
    t,
    dof,
    2 * ({{{{ ml_tracing.normal_upper_tail('deviate') }}}}) as p_value,
    cast(null as {{{{ ml_tracing.mlt_type_double() }}}}) as probability,
    cast(null as {{{{ ml_tracing.mlt_type_double() }}}}) as quantile
from deviates{quantiles}
"""


# statistics and degrees of freedom for the chi-square p-value: the Wilson–Hilferty
# approximation (from 3 degrees of freedom) is furthest from the exact value at 3 and
# a statistic of about 0.18
CHI_SQUARE_GRID = [(x, dof) for dof in [1, 2, 3, 4, 5, 9, 30, 200]
                   for x in [0.01, 0.1789, 0.5, 1.0, 2.0, 3.1, 5.0, 10.0, 25.0, 60.0, 250.0]]


def chi_square_sql() -> str:
    """A model of the user's own evaluating the chi-square p-value on CHI_SQUARE_GRID."""
    double = "{{ ml_tracing.mlt_type_double() }}"
    grid = "\n    union all\n    ".join(f"select cast({x} as {double}) as statistic, {dof} as dof"
                                        for x, dof in CHI_SQUARE_GRID)
    return f"""
with

grid as (
    {grid}
)

select statistic, dof, {{{{ ml_tracing.chi_square_p_value('statistic', 'dof') }}}} as p_value
from grid
"""


def build_stats_project(root, engine) -> DbtProject:
    frame, actuals = generate()
    project = DbtProject(root, engine)
    s, t, d, i = "string", "timestamp", "double", "integer"
    project.write_seed("stats_predictions", frame, {
        "prediction_id": s, "predicted_at": t, "region": s, "channel": s, "segment": s, "score": d, "pred_label": i,
        "forecast": d, "score_planted": d, "pred_label_planted": i, "forecast_planted": d})
    project.write_seed("stats_actuals", actuals, {"prediction_id": s, "label": i, "units": d})
    # the numerical approximations, on a grid, as a model of the user's own
    project.write_model("stats_approximations", approximation_sql())
    project.write_model("chi_square_approximations", chi_square_sql())
    project.vars = {"ml_tracing": {"models": model_configs()}}
    project.build()
    return project
