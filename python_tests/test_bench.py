"""`make bench` end to end at a small size: the script generates data with a planted
bad slice, builds the package's slice marts in a throwaway project, and runs the naive
GROUPING SETS query and sliceline on the same rows. The package's top 10 must be the
naive query's, with the planted slice among them. Two monitored models read the rows
(`--models`): the slices compared are the first's. On DuckDB and PostgreSQL (the
benchmark's engines)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.all_engines

REPO = Path(__file__).resolve().parents[1]
PLANTED = "c01=v3 & c03=v1"


def test_bench_finds_the_naive_plans_top_slices_and_the_planted_one(tmp_path, engine):
    if engine == "spark":
        pytest.skip("the benchmark runs on DuckDB and PostgreSQL")
    work = tmp_path / "bench"
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "bench.py"), "--rows", "20000", "--columns", "4", "--depth", "2",
         "--sliceline", "yes", "--models", "2", "--engine", engine, "--work", str(work)],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "top-10 = naive" in result.stdout  # the comparison table was printed
    assert "cpu s user+sys" in result.stdout  # with each step's CPU time
    assert "dbt floor:" in result.stdout  # and the least any dbt build costs in that project
    assert "\ndbt_compile " in result.stdout  # and what compiling the package costs
    by_model = next(line for line in result.stdout.splitlines() if "by model: " in line)  # where the time goes
    assert "int_ml_tracing__slice_rollup" in by_model and "ml_tracing__slice_impact" in by_model, by_model
    top = {step: json.loads((work / f"{step}.json").read_text()) for step in ["ml_tracing", "naive", "sliceline"]}
    assert len(top["ml_tracing"]) == 10
    assert top["ml_tracing"] == top["naive"]
    assert PLANTED in top["ml_tracing"]
    assert top["sliceline"]  # its own objective (error rate): compared in the report, not here


def test_numeric_drift_bench_computes_scipys_ks_against_the_shared_baseline(tmp_path, engine):
    """`scripts/bench_numeric_drift.py` at a small size: continuous values (nearly
    all distinct, one feature drifting) against a fixed-period baseline, where every
    window's KS reads the baseline sorted once with all windows' values. Its rows
    must hold scipy's two-sample KS statistic and out-of-range count per window."""
    if engine != "duckdb":
        pytest.skip("the KS benchmark runs on DuckDB")
    import duckdb
    from scipy import stats

    work = tmp_path / "numeric_drift"
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "bench_numeric_drift.py"), "--days", "5", "--rows-per-day", "400",
         "--baseline-days", "2", "--repeat", "1", "--work", str(work)],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "run 1: int_ml_tracing__numeric_drift" in result.stdout and "sha256" in result.stdout
    with duckdb.connect(str(work / "bench.duckdb"), read_only=True) as connection:
        rows = connection.execute("select cast(predicted_at as date) as day, x, y from main.predictions").df()
        actual = connection.execute("select * from main_ml_tracing.int_ml_tracing__numeric_drift").df()
    baseline = rows[rows.day < pd.Timestamp("2026-06-03")]  # the first two days
    expected = []
    for (day, window), feature in ((item, feature) for item in rows.groupby("day") for feature in ["x", "y"]):
        now, before = window[feature], baseline[feature]
        expected.append({"window_start": pd.Timestamp(day), "feature_name": feature,
                         "ks": stats.ks_2samp(now, before).statistic,
                         "out_of_range": int(((now < before.min()) | (now > before.max())).sum())})
    expected = pd.DataFrame(expected)
    actual["window_start"] = pd.to_datetime(actual.window_start)
    merged = expected.merge(actual, on=["window_start", "feature_name"], how="outer", indicator=True)
    assert (merged._merge == "both").all() and len(merged) == 10, merged
    assert np.allclose(merged.ks_statistic.astype(float), merged.ks, rtol=0, atol=1e-12), merged
    assert (merged.out_of_range_values == merged.out_of_range).all(), merged
    assert (merged.ks > 0).all() and (merged.out_of_range > 0).any()  # nothing vacuous: gaps and outliers to find
