"""The user's columns are read under their names as the relation stores them: mixed
case and spaces (a quoted or pandas-made column on PostgreSQL) stage right on every
engine. Expectations come from pandas and scikit-learn on the generated rows."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn import metrics as skm

from harness import DbtProject

pytestmark = pytest.mark.all_engines

CONFIG = {
    "name": "churn", "task": "binary_classification", "predictions": "churn_source", "actuals": "churn_labels",
    "columns": {"prediction_id": "Prediction ID", "predicted_at": "PredictedAt", "predicted_score": "Churn Score",
                "actual_label": "Churned"},
    "slice_columns": ["Plan"], "features": ["Plan"], "min_slice_rows": 1,
    "metrics": ["accuracy", "recall"], "baseline": {"kind": "rolling", "days": 1},
}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 600
    rows = pd.DataFrame({
        "prediction_id": [f"p{i:04d}" for i in range(n)],
        "predicted_at": pd.Timestamp("2026-03-01") + pd.to_timedelta(rng.integers(0, 3 * 86400, n), unit="s"),
        "plan": rng.choice(["free", "pro", "team"], n),
        "score": rng.random(n).round(6),
    })
    rows["churned"] = (rng.random(n) < np.where(rows.plan == "pro", 0.2, 0.6)).astype(int)
    return rows


@pytest.fixture(scope="module")
def project(tmp_path_factory, engine, frame) -> DbtProject:
    project = DbtProject(tmp_path_factory.mktemp("source_column_names"), engine)
    project.write_seed("churn_seed", frame, {"prediction_id": "string", "predicted_at": "timestamp", "plan": "string",
                                             "score": "double", "churned": "integer"})
    # the user's relations: views whose column names need quoting
    project.write_model("churn_source", """
        {{ config(materialized='view') }}
        select
            prediction_id as {{ adapter.quote('Prediction ID') }},
            predicted_at as {{ adapter.quote('PredictedAt') }},
            plan as {{ adapter.quote('Plan') }},
            score as {{ adapter.quote('Churn Score') }}
        from {{ ref('churn_seed') }}
    """)
    project.write_model("churn_labels", """
        {{ config(materialized='view') }}
        select prediction_id as {{ adapter.quote('Prediction ID') }}, churned as {{ adapter.quote('Churned') }}
        from {{ ref('churn_seed') }}
    """)
    project.vars = {"ml_tracing": {"models": [CONFIG]}}
    project.build()
    return project


def test_inference_store_holds_every_row_under_the_package_names(project, frame):
    store = project.query(f"select prediction_id, predicted_at, plan, predicted_score, actual_label "
                          f"from {project.package_relation('ml_tracing__inferences')} order by prediction_id")
    assert list(store.prediction_id) == list(frame.prediction_id)
    assert list(store.plan) == list(frame.plan)
    np.testing.assert_allclose(store.predicted_score.astype(float), frame.score, rtol=1e-12)
    assert list(pd.to_datetime(store.predicted_at)) == list(frame.predicted_at)
    assert list(store.actual_label) == [str(label) for label in frame.churned]


def test_slice_metrics_of_the_mixed_case_column_match_scikit_learn(project, frame):
    marts = project.query(f"select window_start, slice_key, metric_name, metric_value "
                          f"from {project.package_relation('ml_tracing__slice_metrics')} where slice_depth = 1")
    frame = frame.assign(window_start=frame.predicted_at.dt.floor("D"), predicted=(frame.score >= 0.5).astype(int))
    checked = 0
    for (window, plan), rows in frame.groupby(["window_start", "plan"]):
        expected = {"accuracy": skm.accuracy_score(rows.churned, rows.predicted),
                    "recall": skm.recall_score(rows.churned, rows.predicted)}
        for metric, value in expected.items():
            found = marts[(pd.to_datetime(marts.window_start) == window) & (marts.slice_key == f"plan={plan}")
                          & (marts.metric_name == metric)]
            assert len(found) == 1, (window, plan, metric)
            assert float(found.metric_value.iloc[0]) == pytest.approx(value, rel=1e-12)
            checked += 1
    assert checked == 3 * 3 * 2


def test_drift_of_the_spaced_score_column_is_measured(project, frame):
    drift = project.query(f"select window_start, current_rows, ks_statistic from {project.package_relation('ml_tracing__feature_drift')} "
                          "where feature_name = 'predicted_score' order by window_start")
    days = frame.predicted_at.dt.floor("D")
    counts = frame.groupby(days).size()
    assert dict(zip(pd.to_datetime(drift.window_start), drift.current_rows.astype(int))) == counts.to_dict()
    # against the day before (a rolling baseline of one day): the score's own distribution
    scores = [frame.score[days == day] for day in counts.index]
    expected = [stats.ks_2samp(now, before).statistic for before, now in zip(scores, scores[1:])]
    assert np.allclose(drift.ks_statistic.iloc[1:].astype(float), expected, rtol=0, atol=1e-12)
