"""The fraud demo: the data generator, the demo project's build, and its story —
the slice dragging recall down most involves scammeds.com."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

from demo_project import generate, latest_window_recall_impacts, ranked


def test_generator_is_deterministic(tmp_path):
    generate(tmp_path / "a")
    generate(tmp_path / "b")
    for name in ["ml_tracing_demo_fraud_predictions.csv", "ml_tracing_demo_fraud_actuals.csv"]:
        digests = {hashlib.sha256((tmp_path / d / name).read_bytes()).hexdigest() for d in "ab"}
        assert len(digests) == 1, name


@pytest.mark.all_engines
def test_top_slice_of_the_latest_window_involves_scammeds(demo):
    project, config = demo
    top = project.query(f"""
        select slice_key, impact_score from {project.package_relation('ml_tracing__slice_impact')}
        where metric_name = 'recall' and impact_rank = 1
          and window_start = (select max(window_start) from {project.package_relation('ml_tracing__slice_impact')})
    """)
    assert "merchant_id=scammeds.com" in top.slice_key.iloc[0]


@pytest.mark.all_engines
def test_latest_window_ranking_matches_pandas(demo):
    """Recompute every slice's recall impact of the latest window in pandas."""
    project, config = demo
    window, scores = latest_window_recall_impacts(project, config)
    expected = ranked(scores)[:10]

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
