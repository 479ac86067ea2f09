"""The statistics' behaviour on generated traffic: no planted effect → the share of
significant slices stays within the false-discovery rate; a planted failure → its
slice is significant, ranks first by pessimistic impact, and its children are
redundant; a window too small to judge is reported as such; and the numerical
approximations agree with scipy at their documented accuracy."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

import stats_project as sp
from harness import REPO_ROOT

README = REPO_ROOT / "README.md"

FULL_DAYS = [(sp.START + pd.Timedelta(days=d)).date() for d in range(sp.DAYS)]
PLANTED = sp.PLANTED_DAY.date()
SMALL = (sp.START + pd.Timedelta(days=sp.DAYS)).date()


@pytest.fixture(scope="module")
def project(tmp_path_factory, engine):
    return sp.build_stats_project(tmp_path_factory.mktemp("statistics"), engine)


@pytest.fixture(scope="module")
def slices(project):
    frame = project.table("ml_tracing__slice_metrics")
    frame["window_start"] = pd.to_datetime(frame.window_start).dt.date
    return frame


def test_without_an_effect_p_values_are_uniform_and_discoveries_rare(slices):
    """Every slice behaves like the whole window: about 5% of raw p-values fall below
    0.05, and Benjamini–Hochberg keeps the share of significant slices below the
    false-discovery rate (under the global null, any discovery is a false one)."""
    null = slices[slices.model_name.isin(["binary_null", "regression_null"]) & slices.p_value.notna()
                  & slices.window_start.isin(FULL_DAYS)]
    assert len(null) > 5000
    raw_share = (null.p_value < 0.05).mean()
    assert 0.03 < raw_share < 0.07, raw_share
    for model, rate in [("binary_null", 0.05), ("regression_null", 0.1)]:
        rows = null[null.model_name == model]
        assert rows.is_significant.mean() <= rate, (model, rows.is_significant.mean())


def test_the_false_discovery_rate_setting_is_used(slices):
    """regression_null runs at q <= 0.1: is_significant follows multipletests at that rate."""
    for model, rate in [("binary_null", 0.05), ("regression_null", 0.1)]:
        for _, family in slices[(slices.model_name == model) & slices.p_value.notna()].groupby(
                ["window_start", "metric_name"]):
            rejected = multipletests(family.p_value.to_numpy(), alpha=rate, method="fdr_bh")[0]
            assert (rejected == family.is_significant.to_numpy(dtype=bool)).all()


def test_the_confidence_level_setting_is_used(slices):
    """binary_planted has confidence_level 0.9: the Wilson interval of each single-column
    slice's recall, from the generated rows' own counts, matches statsmodels at alpha 0.1."""
    frame, actuals = sp.generate()
    frame = frame.merge(actuals, on="prediction_id")
    frame["window_start"] = frame.predicted_at.dt.date
    positives = frame[(frame.label == 1) & frame.window_start.isin(FULL_DAYS)]
    counted = [positives.groupby(["window_start", column]).pred_label_planted.agg(["sum", "count"])
               .reset_index().assign(slice_key=lambda g, c=column: c + "=" + g[c]) for column in sp.SLICE_COLUMNS]
    expected = pd.concat(counted)[["window_start", "slice_key", "sum", "count"]]
    rows = slices[(slices.model_name == "binary_planted") & (slices.metric_name == "recall") & (slices.slice_depth == 1)
                  & slices.window_start.isin(FULL_DAYS)]
    rows = rows.merge(expected, on=["window_start", "slice_key"], how="outer", indicator=True)
    assert (rows._merge == "both").all() and len(rows) == sp.DAYS * 15, rows[rows._merge != "both"]
    lower, upper = proportion_confint(rows["sum"], rows["count"], alpha=0.1, method="wilson")
    assert np.allclose(lower, rows.interval_lower, atol=1e-9) and np.allclose(upper, rows.interval_upper, atol=1e-9)


@pytest.mark.parametrize("model, metric, planted", [("binary_planted", "recall", sp.PLANTED_BINARY_SLICE),
                                                    ("regression_planted", "mae", sp.PLANTED_REGRESSION_SLICE)])
def test_the_planted_slice_is_significant_and_ranks_first(project, slices, model, metric, planted):
    day = slices[(slices.model_name == model) & (slices.window_start == PLANTED) & (slices.metric_name == metric)]
    row = day.set_index("slice_key").loc[planted]
    assert row.is_significant and row.q_value < 1e-6
    assert row.pessimistic_impact > 0 and not row.is_redundant
    # before the planted day the same slice is unremarkable
    before = slices[(slices.model_name == model) & (slices.slice_key == planted) & (slices.metric_name == metric)
                    & (slices.window_start < PLANTED)]
    assert not before.is_significant.any()

    ranked = project.table("ml_tracing__slice_impact")
    ranked["window_start"] = pd.to_datetime(ranked.window_start).dt.date
    ranked = ranked[(ranked.model_name == model) & (ranked.window_start == PLANTED) & (ranked.metric_name == metric)]
    ranked = ranked.sort_values("impact_rank")
    assert (ranked.ranked_by == "pessimistic_impact").all()
    assert ranked.slice_key.iloc[0] == planted
    assert ranked.pessimistic_impact.is_monotonic_decreasing
    # the children of the planted slice that its interval explains point back to it
    children = day[day.slice_key.str.contains(planted, regex=False) & (day.slice_depth == 2)]
    redundant = children[children.is_redundant]
    assert len(redundant) >= len(children) / 2
    assert (redundant.explaining_parent_key == planted).mean() >= 0.5
    # the coarsest slice that matters: the first non-redundant significant slice
    top = ranked[ranked.is_significant & ~ranked.is_redundant.astype(bool)].iloc[0]
    assert top.slice_key == planted


def test_models_ranking_by_impact_score_keep_it(project):
    ranked = project.table("ml_tracing__slice_impact")
    null = ranked[ranked.model_name == "binary_null"]
    assert len(null) and (null.ranked_by == "impact_score").all()
    groups = null.groupby(["window_start", "metric_name"])
    assert groups.ngroups >= sp.DAYS * len(sp.BINARY_METRICS)
    for _, group in groups:
        assert group.sort_values("impact_rank").impact_score.is_monotonic_decreasing


def test_a_small_window_is_reported_not_judged(project):
    performance = project.table("ml_tracing__performance_over_time")
    performance["window_start"] = pd.to_datetime(performance.window_start).dt.date
    small = performance[performance.window_start == SMALL]
    assert len(small) and (small.window_status == "too_few_rows").all()
    assert (performance.loc[performance.window_start != SMALL, "window_status"] == "ok").all()
    # the rolling baseline leaves small windows out: a later window would see only full ones
    alerts = project.table("ml_tracing__alerts")
    alerts["window_start"] = pd.to_datetime(alerts.window_start).dt.date
    assert set(alerts.status) <= {"breached", "too_few_rows"} and (alerts.window_start == SMALL).any()
    assert alerts.loc[alerts.status == "too_few_rows", "severity"].isna().all()
    assert (alerts.loc[alerts.window_start == SMALL, "status"] == "too_few_rows").all()
    assert alerts.loc[alerts.status == "breached", "severity"].isin(["warn", "error"]).all()


def test_t_tail_and_normal_quantile_match_scipy(project):
    """Hill's t-tail transformation: within 5e-7 for dof >= 5, 2.5e-5 for dof >= 3,
    0.03 below; the compile-time normal quantile (AS 241): within 1e-12."""
    frame = project.query("select * from main.stats_approximations")
    grid = frame[frame.t.notna()]
    assert len(grid) == len(sp.T_GRID) * len(sp.DOF_GRID)
    exact = 2 * stats.t.sf(grid.t, grid.dof)
    allowed = np.where(grid.dof >= 5, 5e-7, np.where(grid.dof >= 3, 2.5e-5, 0.03))
    assert (np.abs(grid.p_value - exact) <= allowed).all(), grid.assign(exact=exact)[np.abs(grid.p_value - exact) > allowed]
    quantiles = frame[frame.probability.notna()]
    assert len(quantiles) == len(sp.PROBABILITIES)
    assert np.allclose(quantiles["quantile"], stats.norm.ppf(quantiles.probability), rtol=0, atol=1e-12)


def test_chi_square_p_value_is_within_its_documented_accuracy(project):
    """Exact for 1 and 2 degrees of freedom (up to twice the normal tail's 7.5e-8); from 3,
    the Wilson–Hilferty approximation, within the bound the README states of
    scipy's chi2.sf — a bound the grid reaches (3 degrees of freedom, x = 0.18)."""
    stated = float(re.search(r"Wilson–Hilferty above: within ([0-9.]+)", README.read_text()).group(1))
    grid = project.query("select * from main.chi_square_approximations")
    assert len(grid) == len(sp.CHI_SQUARE_GRID)
    error = np.abs(grid.p_value - stats.chi2.sf(grid.statistic, grid.dof))
    assert (error[grid.dof <= 2] <= 1.5e-7).all(), grid[grid.dof <= 2].assign(error=error)
    assert stated - 0.0005 < error[grid.dof > 2].max() <= stated, (stated, grid.assign(error=error).sort_values("p_value"))


TOP_SLICE_GATES = """
version: 2
models:
  - name: stats_approximations
    data_tests:
      - ml_tracing.expect_top_slice_impact_to_be_below:
          name: top_slice_by_its_ranking
          arguments: {{ml_model: binary_planted, metric: recall, threshold: {threshold}}}
      - ml_tracing.expect_top_slice_impact_to_be_below:
          name: top_slice_by_impact_score
          arguments: {{ml_model: binary_planted, metric: recall, threshold: {threshold}, score: impact_score}}
"""


def test_the_top_slice_gate_and_alert_read_the_score_the_slices_are_ranked_by(project):
    """binary_planted ranks by pessimistic impact: its gate and its slice alerts judge
    the top slice by that score, unless the gate names `score: impact_score`."""
    ranked = project.table("ml_tracing__slice_impact")
    ranked["window_start"] = pd.to_datetime(ranked.window_start).dt.date
    top = ranked[(ranked.model_name == "binary_planted") & (ranked.impact_rank == 1)].set_index(
        ["metric_name", "window_start"])
    planted = top.loc[("recall", PLANTED)]
    assert 0 < planted.pessimistic_impact < planted.impact_score
    threshold = (planted.pessimistic_impact + planted.impact_score) / 2
    recall = top.loc["recall"]
    expected = {"top_slice_by_its_ranking": set(recall.index[recall.pessimistic_impact.astype(float) > threshold]),
                "top_slice_by_impact_score": set(recall.index[recall.impact_score.astype(float) > threshold])}
    assert PLANTED in expected["top_slice_by_impact_score"] - expected["top_slice_by_its_ranking"]

    (project.root / "models" / "top_slice_gates.yml").write_text(TOP_SLICE_GATES.format(threshold=threshold))
    try:
        project.dbt("test", "--select", "stats_approximations", "--store-failures", expect_success=False)
        for name, windows in expected.items():
            failures = project.query(f"select * from {project.audit_schema}.{name}")
            assert set(pd.to_datetime(failures.window_start).dt.date) == windows, name
    finally:
        (project.root / "models" / "top_slice_gates.yml").unlink()

    alerts = project.table("ml_tracing__alerts")
    alerts = alerts[(alerts.model_name == "binary_planted") & (alerts.check_name == "slice_impact")]
    alerts["window_start"] = pd.to_datetime(alerts.window_start).dt.date
    assert len(alerts)
    primary = top.loc[sp.BINARY_METRICS[0]]
    assert np.allclose(alerts.observed_value.astype(float),
                       primary.loc[alerts.window_start, "pessimistic_impact"].astype(float))
