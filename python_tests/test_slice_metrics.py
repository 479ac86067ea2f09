"""Every metric of every slice, for all three tasks and all four baseline kinds,
against pandas / scikit-learn on the same generated data."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import reference as ref
from slices_project import model_configs

DAY = pd.Timedelta(days=1)


# -- the expected marts, computed in pandas ------------------------------------------
def expected_rows(inputs):
    """Per model: (frame with window/current/baseline/slice values/pred/actual, config)."""
    fraud = inputs["fraud"].merge(inputs["fraud_latest"][["prediction_id", "label"]], on="prediction_id", how="left")
    fraud = fraud.assign(state=fraud.state.replace("__empty__", ""), actual=fraud.label,
                         window=fraud.predicted_at.dt.floor("D"))
    production = fraud.env == "production"

    by_model = {}
    amount_edges = ref.quantile_edges(fraud.amount[fraud.env == "training"], 4)
    by_model["fraud"] = fraud.assign(pred=fraud.pred_label, amount=ref.bin_labels(fraud.amount, amount_edges),
                                     is_current=production, is_baseline=fraud.env == "training")
    fixed = production & (fraud.predicted_at >= "2026-03-04") & (fraud.predicted_at < "2026-03-05")
    by_model["fraud_fixed"] = fraud.assign(pred=(fraud.score >= 0.6).astype(int), is_current=production,
                                           is_baseline=fixed)

    intent = inputs["intent"].merge(inputs["intent_actuals"][["prediction_id", "intent"]], on="prediction_id")
    by_model["intent"] = intent.assign(pred=intent.predicted_intent, actual=intent.intent,
                                       window=intent.predicted_at.dt.floor("D"),
                                       is_current=intent.version != "v1", is_baseline=intent.version == "v1")

    latest_units = inputs["demand_actuals"].drop_duplicates("prediction_id", keep="last")  # sorted by observed_at
    demand = inputs["demand"].merge(latest_units[["prediction_id", "units"]], on="prediction_id")
    first_two_days = demand.predicted_at < demand.predicted_at.min() + 2 * DAY
    size_edges = ref.quantile_edges(demand.store_size[first_two_days], 4)
    by_model["demand"] = demand.assign(pred=demand.forecast, actual=demand.units,
                                       store_size=ref.bin_labels(demand.store_size, size_edges),
                                       window=demand.predicted_at.dt.floor("D"), is_current=True, is_baseline=False)
    return by_model


def baseline_for_window(name, frame, window):
    if name == "intent":
        return frame[frame.is_baseline & (frame.window == window)]
    if name == "demand":
        return frame[frame.is_current & (frame.window >= window - 2 * DAY) & (frame.window < window)]
    return frame[frame.is_baseline]


def configured_frames(inputs):
    """Per monitored model: (name, its configuration, its slice column names, its rows)."""
    configs = {c["name"]: c for c in model_configs(inputs["classes"])}
    for name, frame in expected_rows(inputs).items():
        config = configs[name]
        yield name, config, [c if isinstance(c, str) else c["name"] for c in config["slice_columns"]], frame


@pytest.fixture(scope="session")
def expected(inputs):
    """One row per model, window, metric and slice, computed independently."""
    records = []
    for name, config, columns, frame in configured_frames(inputs):
        compute = ref.TASK_METRICS[config["task"]]
        depth = config.get("max_slice_depth", 3)
        current = frame[frame.is_current]
        for window, rows in current.groupby("window"):
            baseline = baseline_for_window(name, frame, window)
            baseline_slices = {key: part for key, part in ref.slices(baseline, columns, depth)} if len(baseline) else {}
            overall = compute(rows)
            baseline_overall = compute(baseline) if len(baseline) else {}
            window_slices = list(ref.slices(rows, columns, depth))
            present = {key for key, _ in window_slices}
            # a value of one column the baseline has and the window lacks: a row with no rows
            absent = [(key, rows.iloc[0:0]) for key, part in ref.slices(baseline, columns, 1)
                      if key != "all" and key not in present and len(part) >= config["min_slice_rows"]]
            for key, part in window_slices + absent:
                values = compute(part) if len(part) else {}
                base_part = baseline_slices.get(key)
                base_values = compute(base_part) if base_part is not None else {}
                for metric in config["metrics"]:
                    window_support = ref.support(metric, rows)
                    records.append({
                        "support_share": ref.support(metric, part) / window_support if window_support else np.nan,
                        "model_name": name, "window_start": window.date(), "metric_name": metric, "slice_key": key,
                        "slice_rows": len(part), "volume_share": len(part) / len(rows),
                        "metric_value": values.get(metric, np.nan), "overall_value": overall.get(metric, np.nan),
                        "baseline_value": base_values.get(metric, np.nan),
                        "baseline_rows": len(base_part) if base_part is not None else np.nan,
                        "baseline_overall_value": baseline_overall.get(metric, np.nan),
                        "decomposition": _decomposition(metric, part, rows, base_part, baseline, values,
                                                        base_values, baseline_overall),
                    })
    frame = pd.DataFrame(records)
    frame["impact_score"] = [ref.impact(m, v, o, s) for m, v, o, s in
                             zip(frame.metric_name, frame.metric_value, frame.overall_value, frame.support_share)]
    return frame


def _decomposition(metric, part, rows, base_part, baseline, values, base_values, baseline_overall):
    """(performance, mix) contribution of a slice to the change of a ratio metric."""
    if metric not in ref.RATIO_METRICS or not len(baseline):
        return None
    total, base_total = ref.support(metric, rows), ref.support(metric, baseline)
    if not total or not base_total:
        return None
    share = ref.support(metric, part) / total
    base_share = ref.support(metric, base_part) / base_total if base_part is not None else 0.0
    base_value = base_values.get(metric, np.nan)
    reference_value = baseline_overall[metric] if np.isnan(base_value) else base_value
    performance = share * (values.get(metric, np.nan) - reference_value) if share else 0.0
    return performance, (share - base_share) * (reference_value - baseline_overall[metric])


@pytest.fixture(scope="session")
def actual(slices_project):
    frame = slices_project.table("ml_tracing__slice_metrics")
    frame["window_start"] = pd.to_datetime(frame.window_start).dt.date
    return frame


def _close(a, b, tol=1e-9) -> bool:
    a_missing = a is None or (isinstance(a, float) and math.isnan(a)) or a is pd.NA
    b_missing = b is None or (isinstance(b, float) and math.isnan(b)) or b is pd.NA
    if a_missing or b_missing:
        return a_missing and b_missing
    return math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


KEYS = ["model_name", "window_start", "metric_name", "slice_key"]


@pytest.mark.parametrize("model_name", ["fraud", "fraud_fixed", "intent", "demand"])
def test_every_slice_is_present_exactly_once(actual, expected, model_name):
    got = actual[actual.model_name == model_name]
    want = expected[expected.model_name == model_name]
    assert not got.duplicated(KEYS).any()
    assert set(map(tuple, got[KEYS].itertuples(index=False))) == set(map(tuple, want[KEYS].itertuples(index=False)))


@pytest.mark.parametrize("column", ["slice_rows", "volume_share", "support_share", "metric_value", "overall_value",
                                    "impact_score",
                                    "baseline_value", "baseline_rows", "baseline_overall_value"])
@pytest.mark.parametrize("model_name", ["fraud", "fraud_fixed", "intent", "demand"])
def test_slice_values_match_pandas(actual, expected, model_name, column):
    merged = expected[expected.model_name == model_name].merge(actual, on=KEYS, suffixes=("_expected", "_actual"))
    assert len(merged) == (expected.model_name == model_name).sum()
    mismatches = [
        (row.window_start, row.metric_name, row.slice_key, getattr(row, f"{column}_expected"), getattr(row, f"{column}_actual"))
        for row in merged.itertuples()
        if not _close(getattr(row, f"{column}_expected"), getattr(row, f"{column}_actual"))
    ]
    assert not mismatches, f"{len(mismatches)} mismatches, first: {mismatches[:5]}"


def test_performance_and_mix_contributions_match_pandas(actual, expected):
    undecomposed = expected[expected.decomposition.isna()].merge(actual, on=KEYS)
    assert len(undecomposed) > 100
    assert undecomposed.performance_contribution.isna().all() and undecomposed.mix_contribution.isna().all()
    merged = expected[expected.decomposition.notna()].merge(actual, on=KEYS)
    assert len(merged) > 100
    for row in merged.itertuples():
        performance, mix = row.decomposition
        assert _close(performance, row.performance_contribution), (row.slice_key, row.metric_name)
        assert _close(mix, row.mix_contribution), (row.slice_key, row.metric_name)


def test_contributions_of_a_column_add_up_to_the_overall_change(actual):
    """Over the values of one column (a partition of the window and of the baseline:
    the values the window lacks have their rows), performance + mix sum to the
    change of the overall metric."""
    checked = with_absent_values = 0
    rows = actual[actual.performance_contribution.notna()]
    for (model, window, metric), group in rows.groupby(["model_name", "window_start", "metric_name"]):
        change = group.loc[group.slice_depth == 0, "overall_change"].iloc[0]
        for column, part in group[group.slice_depth == 1].groupby("slice_columns"):
            assert part.baseline_rows.sum() == group.loc[group.slice_depth == 0, "baseline_rows"].iloc[0]
            total = (part.performance_contribution + part.mix_contribution).sum()
            assert _close(total, change, 1e-9), (model, window, metric, column)
            checked += 1
            with_absent_values += bool(part.is_absent_from_window.any())
    assert checked > 20 and with_absent_values > 5


def test_a_value_the_window_lacks_carries_its_baseline_share_as_mix(actual, expected):
    """Such a row has no rows and no value now; its mix part is −w (m − M)."""
    absent = expected[expected.slice_rows == 0].merge(actual, on=KEYS, suffixes=("_expected", ""))
    assert set(absent.model_name) == {"fraud", "fraud_fixed", "intent", "demand"}
    assert (absent.slice_depth == 1).all() and absent.is_absent_from_window.all()
    assert absent.metric_value.isna().all() and absent.impact_score.isna().all()
    assert (actual.is_absent_from_window == (actual.slice_rows == 0)).all()
    ratio = absent[absent.decomposition.notna()]
    assert len(ratio) > 10
    for row in ratio.itertuples():
        performance, mix = row.decomposition  # pandas: (0, −w (m − M))
        assert performance == 0 and row.performance_contribution == 0, (row.model_name, row.slice_key)
        assert _close(row.mix_contribution, mix), (row.model_name, row.slice_key, row.metric_name)
    assert (ratio.mix_contribution != 0).any()


def test_absent_from_baseline_flag(actual, expected):
    merged = expected.merge(actual, on=KEYS)
    assert (merged.is_absent_from_baseline == merged.baseline_rows_x.isna()).all()


def test_latest_actual_wins_and_nothing_is_lost(slices_project, inputs):
    store = slices_project.table("ml_tracing__inferences")
    fraud = store[store.model_name == "fraud"].set_index("prediction_id")
    assert len(fraud) == len(inputs["fraud"])  # predictions without an actual are kept
    latest = inputs["fraud_latest"].set_index("prediction_id")
    assert fraud.has_actual.sum() == len(latest)
    joined = fraud.join(latest, how="inner")
    assert (joined.actual_label == joined.label.astype(str)).all()
    stale = inputs["fraud_stale"].set_index("prediction_id")
    assert (fraud.loc[stale.index, "actual_count"] == 2).all()
    assert (fraud.loc[stale.index, "actual_label"] != stale.label.astype(str)).all()


def test_rollup_counts_reconcile_with_raw_rows(actual, expected):
    """The whole window's rows are the raw rows' count (pandas), and the depth-1
    slices of each column partition the window: their rows add up to it."""
    rows = actual[actual.metric_name.isin(["recall", "accuracy", "mae"])]
    raw_counts = expected[expected.slice_key == "all"].set_index(["model_name", "window_start", "metric_name"]).slice_rows
    groups = rows.groupby(["model_name", "window_start", "metric_name"])
    assert groups.ngroups == raw_counts.index.isin(groups.groups.keys()).sum() > 20
    for (model, window, metric), group in groups:
        total = group.loc[group.slice_depth == 0, "slice_rows"].iloc[0]
        assert total == raw_counts.loc[(model, window, metric)], (model, window, metric)
        columns = group[group.slice_depth == 1].groupby("slice_columns")
        assert columns.ngroups > 0, (model, window, metric)
        for column, part in columns:
            assert part.slice_rows.sum() == total, (model, window, column)


def test_odd_slice_values_keep_their_own_slices(actual):
    keys = set(actual.loc[actual.model_name == "fraud", "slice_key"])
    assert "state is null" in keys
    assert "state=" in keys  # the empty string is not NULL
    assert "state=O'Hare %26 Co%3D1" in keys
    assert "state=São Paulo" in keys
    predicates = set(actual.loc[actual.model_name == "fraud", "slice_predicate"])
    assert "state = 'O''Hare & Co=1'" in predicates


@pytest.mark.all_engines
def test_each_slice_predicate_selects_the_slice_rows(slices_project):
    """A slice's predicate, pasted into a filter of ml_tracing__inferences, selects its
    rows on the engine that wrote it: odd values included (on Spark a backslash is an
    escape in a literal, so the predicate writes it doubled)."""
    metrics = slices_project.table("ml_tracing__slice_metrics")
    states = metrics[(metrics.model_name == "fraud") & (metrics.slice_columns == "state") & (metrics.slice_rows > 0)
                     & (metrics.metric_name == metrics.metric_name.min())].reset_index(drop=True)
    assert states.slice_key.str.contains("\\", regex=False).any()
    inferences = slices_project.package_relation("ml_tracing__inferences")
    counts = slices_project.query(" union all ".join(
        f"select {i} as slice_number, count(*) as n from {inferences} where model_name = 'fraud' and is_current"
        f" and window_start = cast('{pd.Timestamp(row.window_start).date()}' as date) and ({row.slice_predicate})"
        for i, row in states.iterrows())).set_index("slice_number").n.sort_index()
    assert counts.astype(int).tolist() == states.slice_rows.astype(int).tolist()


def test_impact_ranking_orders_by_impact(slices_project, expected):
    ranked = slices_project.table("ml_tracing__slice_impact")
    ranked["window_start"] = pd.to_datetime(ranked.window_start).dt.date
    for (model, window, metric), group in ranked.groupby(["model_name", "window_start", "metric_name"]):
        group = group.sort_values("impact_rank")
        assert list(group.impact_rank) == list(range(1, len(group) + 1))
        assert group.impact_score.is_monotonic_decreasing
    want = expected[(expected.slice_key != "all") & expected.impact_score.notna()]
    want = want.sort_values(["impact_score", "slice_key"], ascending=[False, True])
    top = want.groupby(["model_name", "window_start", "metric_name"]).head(1)
    got = ranked[ranked.impact_rank == 1].merge(top, on=["model_name", "window_start", "metric_name"])
    assert len(got) == len(top)
    assert all(_close(a, b) for a, b in zip(got.impact_score_x, got.impact_score_y))


def test_staged_build_gives_the_rows_of_the_one_query_build(slices_project):
    """Spark's path — each model's slices and the tested slices written to tables by
    the mart's pre-hook, read by its query and dropped by its post-hook
    (mlt_stages_queries) — forced on DuckDB by a test macro: the mart holds the same
    rows as the one-query build, and no stage table is left."""
    one_query, staged, staged_query = slices_project.staged_rebuild("ml_tracing__slice_metrics", KEYS)
    assert '"ml_tracing__slice_metrics__step_up"' in staged_query
    assert "\nstep_up as (" not in staged_query and "\nslices_fraud as (" not in staged_query
    assert len(staged) == len(one_query) > 0
    pd.testing.assert_frame_equal(staged, one_query, check_exact=False, rtol=1e-12, atol=1e-15)
    tables = slices_project.tables(f"{slices_project.schema}_ml_tracing")
    assert "ml_tracing__slice_metrics" in tables
    assert not [table for table in tables if "__slice_metrics__" in table]
