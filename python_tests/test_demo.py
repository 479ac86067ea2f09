"""The fraud demo: the data generator, the demo project's build, and its story —
the slice dragging recall down most involves scammeds.com."""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

import reference as ref
from demo_project import generate
from harness import REPO_ROOT



def test_generator_is_deterministic(tmp_path):
    generate(tmp_path / "a")
    generate(tmp_path / "b")
    for name in ["ml_tracing_demo_fraud_predictions.csv", "ml_tracing_demo_fraud_actuals.csv"]:
        digests = {hashlib.sha256((tmp_path / d / name).read_bytes()).hexdigest() for d in "ab"}
        assert len(digests) == 1, name


def test_top_slice_of_the_latest_window_involves_scammeds(demo):
    project, config = demo
    top = project.query(f"""
        select slice_key, impact_score from {project.package_relation('ml_tracing__slice_impact')}
        where metric_name = 'recall' and impact_rank = 1
          and window_start = (select max(window_start) from {project.package_relation('ml_tracing__slice_impact')})
    """)
    assert "merchant_id=scammeds.com" in top.slice_key.iloc[0]


def test_latest_window_ranking_matches_pandas(demo):
    """Recompute every slice's recall impact of the latest window in pandas."""
    project, config = demo
    data = project.root / "demo_data"  # the CSVs this project's seeds were loaded from
    predictions = pd.read_csv(data / "ml_tracing_demo_fraud_predictions.csv",
                              parse_dates=["predicted_at"], keep_default_na=False, na_values=[""])
    actuals = pd.read_csv(data / "ml_tracing_demo_fraud_actuals.csv", parse_dates=["labeled_at"])
    latest = actuals.sort_values(["prediction_id", "labeled_at"]).drop_duplicates("prediction_id", keep="last")
    frame = predictions.merge(latest, on="prediction_id", how="left")
    edges = ref.quantile_edges(frame.amount[frame.environment == "training"], config.get("numeric_slice_bins", 5))
    frame["amount"] = ref.bin_labels(frame.amount, edges)
    frame = frame.assign(pred=frame.is_fraud_predicted, actual=frame.is_fraud, score=frame.fraud_score)
    production = frame[frame.environment == "production"]
    window = production.predicted_at.dt.floor("D").max()
    rows = production[production.predicted_at.dt.floor("D") == window]
    overall = ref.binary_metrics(rows)["recall"]
    scores = {}
    for key, part in ref.slices(rows, config["slice_columns"], config["max_slice_depth"]):
        recall = ref.binary_metrics(part).get("recall", np.nan)
        if key != "all" and len(part) >= config["min_slice_rows"] and not np.isnan(recall):
            share = ref.support("recall", part) / ref.support("recall", rows)
            scores[key] = ref.impact("recall", recall, overall, share)
    expected = sorted(scores.items(), key=lambda item: (-item[1], item[0].count(" & "), item[0]))[:10]

    got = project.query(f"""
        select slice_key, impact_score from {project.package_relation('ml_tracing__slice_impact')}
        where metric_name = 'recall' and window_start = '{window.date()}' and impact_rank <= 10
        order by impact_rank
    """)
    assert len(scores) == len(project.query(f"""
        select 1 from {project.package_relation('ml_tracing__slice_impact')}
        where metric_name = 'recall' and window_start = '{window.date()}'"""))
    assert [k for k, _ in expected] == list(got.slice_key)
    assert np.allclose([v for _, v in expected], got.impact_score, rtol=1e-9, atol=1e-12)
