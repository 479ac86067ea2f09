"""Slice statistics against independent implementations on the same counts:
statsmodels (Wilson interval, two-proportion z-test, Benjamini–Hochberg, Welch's
degrees of freedom) and scipy (Welch's t-test, normal and t distributions)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest
from statsmodels.stats.weightstats import ttest_ind

import reference as ref
from test_slice_metrics import KEYS, configured_frames

LEVEL = 0.95
Z = stats.norm.ppf(1 - (1 - LEVEL) / 2)


def welch_p_tolerance(dof: float) -> float:
    """The documented accuracy of the t approximation (macros/stats/student_t_normal_deviate.sql)."""
    return 5e-7 if dof >= 5 else 2.5e-5 if dof >= 3 else 0.03


def _statistics(metric, part, complement):
    """Interval, test statistic, degrees of freedom and p-value of one slice, or None."""
    values, others = ref.sample_values(metric, part), ref.sample_values(metric, complement)
    if values is None:
        return None
    out = {"interval_lower": np.nan, "interval_upper": np.nan, "test_statistic": np.nan,
           "test_degrees_of_freedom": np.nan, "p_value": np.nan}
    n1, n2 = len(values), len(others)
    if metric in ref.PROPORTION_METRICS:
        k1, k2 = values.sum(), others.sum()
        if n1:
            out["interval_lower"], out["interval_upper"] = proportion_confint(k1, n1, alpha=1 - LEVEL, method="wilson")
        if n1 and n2 and 0 < k1 + k2 < n1 + n2:
            out["test_statistic"], out["p_value"] = proportions_ztest([k1, k2], [n1, n2])
        return out
    if n1 >= 2:
        half = Z * values.std(ddof=1) / math.sqrt(n1)
        out["interval_lower"], out["interval_upper"] = values.mean() - half, values.mean() + half
    if n1 >= 2 and n2 >= 2 and (values.var(ddof=1) > 0 or others.var(ddof=1) > 0):
        t, p = stats.ttest_ind_from_stats(values.mean(), values.std(ddof=1), n1, others.mean(), others.std(ddof=1), n2,
                                          equal_var=False)
        out["test_statistic"], out["p_value"] = t, p
        out["test_degrees_of_freedom"] = ttest_ind(values, others, usevar="unequal")[2]
    return out


@pytest.fixture(scope="module")
def expected_statistics(inputs):
    """One row per model, window, sample metric and slice, from the raw rows."""
    records = []
    for name, config, columns, frame in configured_frames(inputs):
        for window, rows in frame[frame.is_current].groupby("window"):
            for key, part in ref.slices(rows, columns, config.get("max_slice_depth", 3)):
                complement = rows.drop(part.index)
                for metric in config["metrics"]:
                    result = _statistics(metric, part, complement)
                    if result is not None:
                        records.append({"model_name": name, "window_start": window.date(), "metric_name": metric,
                                        "slice_key": key, **result})
    return pd.DataFrame(records)


@pytest.fixture(scope="module")
def merged(slices_project, expected_statistics):
    actual = slices_project.table("ml_tracing__slice_metrics")
    actual["window_start"] = pd.to_datetime(actual.window_start).dt.date
    both = expected_statistics.merge(actual, on=KEYS, suffixes=("_expected", ""))
    assert len(both) == len(expected_statistics)
    return both, actual


def _mismatches(frame, column, tolerance):
    want, got = frame[f"{column}_expected"].astype(float), frame[column].astype(float)
    bad = ~(((want - got).abs() <= tolerance * np.maximum(1, want.abs())) | (want.isna() & got.isna()))
    return frame.loc[bad, KEYS + [f"{column}_expected", column]]


@pytest.mark.parametrize("column, tolerance", [("interval_lower", 1e-9), ("interval_upper", 1e-9),
                                               ("test_statistic", 1e-9), ("p_value", 2e-7)])
def test_proportions_match_statsmodels(merged, column, tolerance):
    """Wilson interval (proportion_confint), pooled two-proportion z-test (proportions_ztest);
    the p-value through the normal tail of Abramowitz & Stegun 26.2.17 (2 × 7.5e-8)."""
    both, _ = merged
    rows = both[both.metric_name.isin(ref.PROPORTION_METRICS)]
    assert rows.p_value.notna().sum() > 1000
    bad = _mismatches(rows, column, tolerance)
    assert bad.empty, f"{len(bad)} of {len(rows)} differ, first:\n{bad.head()}"


@pytest.mark.parametrize("column, tolerance", [("interval_lower", 1e-7), ("interval_upper", 1e-7),
                                               ("test_statistic", 1e-7), ("test_degrees_of_freedom", 1e-6)])
def test_means_match_scipy_welch(merged, column, tolerance):
    """Normal interval from the summed squares; Welch's t and its Welch–Satterthwaite
    degrees of freedom (sums of squares lose a little precision: 1e-7 relative)."""
    both, _ = merged
    rows = both[both.metric_name.isin(ref.MEAN_METRICS)]
    assert rows.test_statistic.notna().sum() > 500
    bad = _mismatches(rows, column, tolerance)
    assert bad.empty, f"{len(bad)} of {len(rows)} differ, first:\n{bad.head()}"


def test_welch_p_values_match_scipy_within_the_documented_accuracy(merged):
    both, _ = merged
    rows = both[both.metric_name.isin(ref.MEAN_METRICS) & both.p_value_expected.notna()]
    assert (rows.test_degrees_of_freedom >= 5).sum() > 500
    errors = (rows.p_value_expected - rows.p_value).abs()
    allowed = rows.test_degrees_of_freedom_expected.map(welch_p_tolerance)
    bad = rows[~(errors <= allowed)]
    assert bad.empty, bad[KEYS + ["test_degrees_of_freedom", "p_value_expected", "p_value"]].head()


def test_metrics_without_a_sample_have_no_statistics(merged):
    _, actual = merged
    others = actual[~actual.metric_name.isin(ref.PROPORTION_METRICS | ref.MEAN_METRICS)]
    assert set(others.metric_name) >= {"f1", "rmse", "r2", "calibration_error", "macro_f1", "wape"}
    for column in ["interval_lower", "interval_upper", "p_value", "q_value", "pessimistic_impact",
                   "interval_method", "test_method", "is_significant", "is_redundant"]:
        assert others[column].isna().all(), column


def test_q_values_are_benjamini_hochberg_per_model_window_and_metric(merged):
    """multipletests(fdr_bh) on each family's p-values (the slices with one)."""
    _, actual = merged
    families = 0
    for _, family in actual[actual.p_value.notna()].groupby(["model_name", "window_start", "metric_name"]):
        rejected, q_values, _, _ = multipletests(family.p_value.to_numpy(), alpha=0.05, method="fdr_bh")
        assert np.allclose(q_values, family.q_value.to_numpy(), rtol=1e-12, atol=1e-15)
        assert (rejected == family.is_significant.to_numpy(dtype=bool)).all()
        families += 1
    assert families > 50
    assert actual.loc[actual.p_value.isna(), "q_value"].isna().all()


def test_q_values_from_reference_p_values(merged):
    """The same families with statsmodels' own p-values: proportions only, whose
    p-values agree to 2e-7 (BH multiplies an error by at most m / rank)."""
    both, _ = merged
    rows = both[both.metric_name.isin(ref.PROPORTION_METRICS) & both.p_value_expected.notna()]
    for _, family in rows.groupby(["model_name", "window_start", "metric_name"]):
        _, q_values, _, _ = multipletests(family.p_value_expected.to_numpy(), method="fdr_bh")
        assert np.allclose(q_values, family.q_value.to_numpy(), atol=2e-7 * len(family))


def test_pessimistic_impact_uses_the_bound_nearest_the_overall_value(merged):
    both, _ = merged
    rows = both[both.interval_lower_expected.notna() & both.overall_value.notna() & both.metric_value.notna()]
    lower, upper, overall = rows.interval_lower_expected, rows.interval_upper_expected, rows.overall_value
    bound = np.where(lower > overall, lower, np.where(upper < overall, upper, overall))
    want = [ref.impact(m, b, o, s) for m, b, o, s in zip(rows.metric_name, bound, overall, rows.support_share)]
    assert np.allclose(want, rows.pessimistic_impact.astype(float), atol=1e-7)
    inside = (lower <= overall) & (overall <= upper)
    assert inside.any() and (~inside).any()
    assert (rows.loc[inside, "pessimistic_impact"].abs() < 1e-12).all()
    assert (rows.pessimistic_impact.abs() <= rows.impact_score.abs() + 1e-9).all()


def _within(value, lower, upper, tolerance=1e-12):
    """value in [lower, upper], up to rounding (a Wilson bound at 0 successes is 0 ± 1e-17)."""
    return lower - tolerance <= value <= upper + tolerance


def test_redundant_slices_are_explained_by_a_parent(merged):
    """A slice is redundant when a parent (one condition fewer) cannot be told apart
    from it: its value in the parent's interval, or the parent's value in its own."""
    both, _ = merged
    by_key = both.set_index(["model_name", "window_start", "metric_name", "slice_key"])
    checked = 0
    for row in both[both.slice_depth >= 1].itertuples():
        parts = row.slice_key.split(" & ")
        explaining = []
        for position in range(len(parts) if len(parts) > 1 else 0):
            parent = by_key.loc[(row.model_name, row.window_start, row.metric_name,
                                 " & ".join(parts[:position] + parts[position + 1:]))]
            if _within(row.metric_value, parent.interval_lower_expected, parent.interval_upper_expected) \
                    or _within(parent.metric_value, row.interval_lower_expected, row.interval_upper_expected):
                explaining.append(parent.name[-1])
        if pd.isna(row.metric_value):
            assert pd.isna(row.is_redundant)
            continue
        assert bool(row.is_redundant) == bool(explaining), row.slice_key
        parent_key = None if pd.isna(row.explaining_parent_key) else row.explaining_parent_key
        assert parent_key == (min(explaining) if explaining else None), row.slice_key
        checked += bool(explaining)
    assert checked > 100
