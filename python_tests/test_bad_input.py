"""Bad input gets a defined handling that loses nothing: every expectation is computed
in pandas from the generated frames (bad_input_project.py), the package's marts must match."""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm

import reference as ref
from bad_input_project import CLASSES, GAUGE_DAYS, build_bad_input_project, generate, write_actuals

# every staged slice / feature column of the project, in name order: the last tie-breakers
TIE_BREAK_COLUMNS = ["env", "close", "discount", "plan", "region", "tier_score", "tiny"]


@pytest.fixture(scope="module")
def data():
    return generate()


@pytest.fixture(scope="module")
def project(tmp_path_factory, engine, data):
    project = build_bad_input_project(tmp_path_factory.mktemp("bad_input"), engine, data)
    project.build()  # the package's own tests, the reconciliation among them, pass
    return project


def label_text(values: pd.Series) -> pd.Series:
    return values.map(lambda v: None if pd.isna(v) else str(int(v))).astype(object)


# -- the expected handling, in pandas -------------------------------------------------
@pytest.fixture(scope="module")
def expected_predictions(data):
    """Every churn prediction row with its UTC time and its fate (reason NULL = kept)."""
    rows = data["churn"].copy()
    rows["utc"] = rows.predicted_at.dt.tz_convert("UTC").dt.tz_localize(None)
    rows["plan"] = rows.plan.replace("__empty__", "").map(lambda v: v.replace("__LF__", "\n") if isinstance(v, str) else v)
    rows["label_text"] = label_text(rows.predicted_churn)
    rows["reason"] = None
    rows.loc[rows.prediction_id.isna(), "reason"] = "missing_prediction_id"
    rows.loc[rows.prediction_id.notna() & rows.utc.isna(), "reason"] = "missing_predicted_at"
    candidates = rows[rows.reason.isna()].sort_values(
        ["utc", "label_text", "score", *TIE_BREAK_COLUMNS], ascending=False, na_position="last")
    losers = candidates.index[candidates.duplicated("prediction_id", keep="first")]
    rows.loc[losers, "reason"] = "duplicate_prediction_id"
    rows["window"] = rows.utc.dt.floor("D")
    rows["is_current"] = rows.env == "production"
    return rows


@pytest.fixture(scope="module")
def expected_actuals(data, expected_predictions):
    """Every churn actual row with its fate; and the kept predictions with their actual."""
    kept = expected_predictions[expected_predictions.reason.isna()]
    rows = data["churn_actuals"].copy()
    rows["utc"] = rows.labeled_at.dt.tz_convert("UTC").dt.tz_localize(None)
    rows["label_text"] = label_text(rows.churned)
    rows["reason"] = None
    rows.loc[rows.churned.isna(), "reason"] = "missing_actual"
    rows.loc[rows.reason.isna() & ~rows.prediction_id.isin(kept.prediction_id), "reason"] = "actual_without_prediction"
    usable = rows[rows.reason.isna()].sort_values(["utc", "label_text"], ascending=False, na_position="last")
    rows.loc[usable.index[usable.duplicated("prediction_id", keep="first")], "reason"] = "superseded_actual"
    return rows


def joined(expected_predictions, actuals):
    """The kept predictions with their latest actual, as the inference store must hold them."""
    kept = expected_predictions[expected_predictions.reason.isna()]
    usable = actuals[actuals.reason.isna() | (actuals.reason == "superseded_actual")].groupby("prediction_id")
    winners = actuals[actuals.reason.isna()].set_index("prediction_id")
    frame = kept.assign(actual=kept.prediction_id.map(winners.churned),
                        actual_count=kept.prediction_id.map(usable.size()).fillna(0).astype(int),
                        has_conflicting_actuals=kept.prediction_id.map(usable.churned.nunique() > 1).fillna(False))
    return frame.assign(pred=frame.predicted_churn, has_actual=frame.actual.notna())


@pytest.fixture(scope="module")
def store(expected_predictions, expected_actuals):
    return joined(expected_predictions, expected_actuals)


def same(left: pd.Series, right: pd.Series) -> bool:
    """Equal value by value, NULLs matching NULLs, whatever the dtypes."""
    return [None if pd.isna(v) else v for v in left] == [None if pd.isna(v) else v for v in right]


def mart(project, name, where="true"):
    return project.query(f"select * from {project.package_relation(name)} where {where}")


# -- rejections and the store -----------------------------------------------------------
def test_every_rejected_prediction_row_is_reported_with_its_reason(project, expected_predictions):
    rejected = mart(project, "ml_tracing__rejections", "model_name = 'churn' and record_type = 'prediction'")
    expected = expected_predictions[expected_predictions.reason.notna()]
    assert sorted(zip(rejected.rejection_reason, rejected.prediction_id.fillna("<null>"))) == \
        sorted(zip(expected.reason, expected.prediction_id.fillna("<null>")))
    assert {"missing_prediction_id", "missing_predicted_at", "duplicate_prediction_id"} == set(expected.reason.dropna())


@pytest.mark.also_on("postgres")  # its database collates text by ICU en-US
def test_duplicate_ids_keep_the_latest_prediction_with_a_deterministic_tie_break(project, expected_predictions):
    kept = expected_predictions[expected_predictions.reason.isna()].set_index("prediction_id")
    store = mart(project, "ml_tracing__inferences", "model_name = 'churn'").set_index("prediction_id")
    assert store.index.is_unique
    assert sorted(store.index) == sorted(kept.index)
    duplicated = expected_predictions.prediction_id[expected_predictions.reason == "duplicate_prediction_id"].unique()
    assert len(duplicated) >= 20
    for column, expected_column in [("predicted_score", "score"), ("predicted_at", "utc"),
                                    ("predicted_label", "label_text"), ("plan", "plan")]:
        assert same(store.loc[duplicated, column], kept.loc[duplicated, expected_column]), column
    # copies that differ only in their plan: text compares bytewise, whatever the
    # database's collation (PostgreSQL's here is ICU en-US, where 'a&b=c' < 'Zürich')
    copies = expected_predictions[expected_predictions.utc.notna()].fillna({"score": -1, "label_text": ""})
    plan_only = copies.groupby(["prediction_id", "utc", "label_text", "score"]).plan.nunique()
    assert (plan_only > 1).any()
    assert set(kept.loc[plan_only[plan_only > 1].index.get_level_values(0), "plan"]) == {"a&b=c"}
    rejected = mart(project, "ml_tracing__rejections", "rejection_reason = 'duplicate_prediction_id'")
    counts = expected_predictions[expected_predictions.utc.notna()].groupby("prediction_id").size()
    assert (rejected.set_index("prediction_id").rows_with_same_id == counts.loc[rejected.prediction_id].to_numpy()).all()


def test_actuals_latest_wins_orphans_and_nulls_are_reported(project, expected_actuals, store):
    rejected = mart(project, "ml_tracing__rejections", "model_name = 'churn' and record_type = 'actual'")
    expected = expected_actuals[expected_actuals.reason.notna()]
    assert sorted(zip(rejected.rejection_reason, rejected.prediction_id.fillna("<null>"))) == \
        sorted(zip(expected.reason, expected.prediction_id.fillna("<null>")))
    assert set(expected.reason) == {"missing_actual", "actual_without_prediction", "superseded_actual"}
    stored = mart(project, "ml_tracing__inferences", "model_name = 'churn'").set_index("prediction_id")
    want = store.set_index("prediction_id")
    assert (stored.has_actual == want.loc[stored.index, "has_actual"]).all()
    assert (stored.actual_count == want.loc[stored.index, "actual_count"]).all()
    # a NULL actual beside a label is rejected, not a conflict
    assert (stored.has_conflicting_actuals == want.loc[stored.index, "has_conflicting_actuals"].astype(bool)).all()
    assert same(stored.actual_label, label_text(want.loc[stored.index, "actual"]))


def test_every_input_row_is_accounted_for(project, data):
    staged = {name: len(data[name]) for name in ["churn", "churn_actuals", "silent", "intent", "intent_actuals"]}
    counts = project.query(f"""
        select model_name, record_type, count(*) as n from {project.package_relation('ml_tracing__rejections')}
        group by 1, 2
    """).set_index(["model_name", "record_type"]).n
    stored = project.query(f"""
        select model_name, count(*) as n, sum(case when has_actual then 1 else 0 end) as with_actual
        from {project.package_relation('ml_tracing__inferences')} group by 1
    """).set_index("model_name")
    assert stored.n["churn"] + counts["churn", "prediction"] == staged["churn"]
    assert stored.with_actual["churn"] + counts["churn", "actual"] == staged["churn_actuals"]
    assert stored.n["silent"] == staged["silent"] and stored.n["intent"] == staged["intent"]


def test_reconciliation_test_fails_when_a_row_goes_missing(project):
    """The package's own check, run on a store with a row removed behind its back."""
    with duckdb.connect(str(project.root / "warehouse.duckdb")) as connection:
        connection.sql(f"create table main.inferences_backup as select * from {project.package_relation('ml_tracing__inferences')}")
        connection.sql(f"""delete from {project.package_relation('ml_tracing__inferences')}
                           where model_name = 'churn' and prediction_id = (select min(prediction_id) from main.inferences_backup
                                                         where model_name = 'churn' and not has_actual)""")
    try:
        result = project.dbt("test", "--select", "assert_every_input_row_is_accounted_for", expect_success=False)
        assert "Failure in test assert_every_input_row_is_accounted_for" in result.stdout
        assert "Got 1 result" in result.stdout  # the predictions of model 'churn' do not add up
    finally:
        with duckdb.connect(str(project.root / "warehouse.duckdb")) as connection:
            connection.sql(f"delete from {project.package_relation('ml_tracing__inferences')}")
            connection.sql(f"insert into {project.package_relation('ml_tracing__inferences')} select * from main.inferences_backup")
            connection.sql("drop table main.inferences_backup")
    project.dbt("test", "--select", "assert_every_input_row_is_accounted_for")


# -- data quality: the counts surfaced per window ---------------------------------------
def data_quality(project, model, check):
    frame = mart(project, "ml_tracing__data_quality", f"model_name = '{model}' and check_name = '{check}'")
    return frame.assign(window_start=pd.to_datetime(frame.window_start))


def test_rejected_rows_are_counted_per_window_and_reason(project, expected_predictions, expected_actuals):
    predictions = expected_predictions[expected_predictions.reason.notna() & expected_predictions.is_current
                                       & expected_predictions.window.notna()]
    kept = expected_predictions[expected_predictions.reason.isna()].set_index("prediction_id")
    actuals = expected_actuals[expected_actuals.reason.notna() & expected_actuals.prediction_id.isin(kept.index)]
    actuals = actuals.assign(window=actuals.prediction_id.map(kept.window),
                             is_current=actuals.prediction_id.map(kept.is_current))
    actuals = actuals[actuals.is_current.astype(bool)]
    expected = pd.concat([predictions[["window", "reason"]], actuals[["window", "reason"]]]).value_counts()
    observed = data_quality(project, "churn", "rejected_rows").set_index(["window_start", "subject"]).observed_value
    assert len(expected) >= 4
    assert sorted(observed.items()) == sorted((key, float(count)) for key, count in expected.items())


def test_null_and_out_of_range_predictions_are_kept_and_counted(project, store):
    current = store[store.is_current]
    assert current.score.isna().sum() > 0 and ((current.score < 0) | (current.score > 1)).sum() > 0
    by_window = current.groupby("window")
    out_of_domain = by_window.apply(lambda rows: ((rows.score < 0) | (rows.score > 1)).mean())
    null_label = by_window.apply(lambda rows: rows.predicted_churn.isna().mean())
    coverage = by_window.apply(lambda rows: rows.has_actual.mean())
    for check, subject, expected in [("prediction_out_of_domain", "prediction", out_of_domain),
                                     ("null_rate", "predicted_label", null_label),
                                     ("actuals_coverage", "actual", coverage)]:
        observed = data_quality(project, "churn", check).query("subject == @subject").set_index("window_start")
        assert sorted(observed.index) == sorted(expected.index), check
        np.testing.assert_allclose(observed.observed_value.loc[expected.index], expected.to_numpy(), err_msg=check)


def test_metrics_skip_null_predictions_and_scores_outside_the_unit_interval(project, store):
    performance = mart(project, "ml_tracing__performance_over_time", "model_name = 'churn'")
    performance["window_start"] = pd.to_datetime(performance.window_start)
    current = store[store.is_current]
    for window, rows in current.groupby("window"):
        expected = ref.binary_metrics(rows)
        got = performance[performance.window_start == window].set_index("metric_name")
        assert got.evaluated_rows["recall"] == len(rows.dropna(subset=["pred", "actual"]))
        for metric in ["recall", "precision", "accuracy", "log_loss", "predicted_positive_rate", "f1"]:
            assert got.metric_value[metric] == pytest.approx(expected[metric], abs=1e-9), (window, metric)
        # F1's denominator counts each true positive twice; the rows it rests on are TP, FP and FN
        evaluated = rows.dropna(subset=["pred", "actual"])
        assert got.metric_rows["f1"] == int((evaluated.pred + evaluated.actual > 0).sum()), window


def performance_by_window(project, model: str) -> pd.DataFrame:
    performance = mart(project, "ml_tracing__performance_over_time", f"model_name = '{model}'")
    return performance.set_index([pd.to_datetime(performance.window_start), "metric_name"])


def test_r2_at_every_scale_and_wape_judged_by_its_rows(project, data):
    """R² equals scikit-learn's where doubles resolve the actuals' spread from summed
    squares (a standard deviation of at least 1e-4 of their root mean square), and is
    NULL where they do not: a constant day (no rounding noise passed off as a value)
    and actuals of 1e12 ± 1000. WAPE's denominator is Σ|actual|; its window is judged
    by its evaluated rows."""
    performance = performance_by_window(project, "gauge")
    gauge = data["gauge"].assign(window=data["gauge"].predicted_at.dt.floor("D"))
    judged = {}
    for window, rows in gauge.groupby("window"):
        name = GAUGE_DAYS[window.strftime("%Y-%m-%d")][0]
        actual, forecast = rows.reading.to_numpy(), rows.forecast.to_numpy()
        resolved = judged[name] = np.std(actual) >= 1e-4 * np.sqrt(np.mean(actual ** 2))
        r2 = performance.loc[(window, "r2")]
        if resolved:
            assert r2.metric_value == pytest.approx(skm.r2_score(actual, forecast), rel=1e-9), name
        else:
            assert pd.isna(r2.metric_value) and r2.metric_null_reason == "undefined", (name, r2.metric_value)
        wape = performance.loc[(window, "wape")]
        assert wape.metric_value == pytest.approx(np.abs(forecast - actual).sum() / np.abs(actual).sum(), rel=1e-9)
        assert wape.metric_support == pytest.approx(np.abs(actual).sum(), rel=1e-9)
        assert wape.metric_rows == len(rows) and wape.window_status == "ok", name
    assert judged == {"ordinary": True, "tiny": True, "constant": False, "offset": False, "small": True}


def test_a_metric_leaving_a_constant_history_or_a_zero_baseline_fails_its_gate(project, data):
    """Accuracy 1.0 for three days, then lower: numpy's z-score is -inf (a standard
    deviation of 0), not NULL, and the z-score gate and alert fire; the false positive
    rate rises from a baseline of 0, an infinite relative drop."""
    steady = data["steady"].assign(window=data["steady"].predicted_at.dt.floor("D"))
    windows = sorted(steady.window.unique())
    accuracy = steady.groupby("window").apply(lambda rows: skm.accuracy_score(rows.actual_label, rows.predicted_label))
    negatives = steady[steady.actual_label == 0]
    false_positive_rate = negatives.groupby("window").predicted_label.mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (accuracy.iloc[-1] - accuracy.iloc[:-1].mean()) / accuracy.iloc[:-1].std(ddof=1)
    assert z == -np.inf and false_positive_rate.iloc[-2] == 0 < false_positive_rate.iloc[-1]
    performance = performance_by_window(project, "steady")
    assert performance.loc[(windows[-1], "accuracy")].rolling_z_score == z
    alerts = mart(project, "ml_tracing__alerts", "model_name = 'steady' and check_name = 'metric_z_score'")
    assert list(alerts.observed_value) == [np.inf] and list(alerts.severity) == ["error"]
    result = project.dbt("test", "--select", "steady_predictions")
    statuses = {gate: {row["status"] for row in project.run_results()
                       if row["unique_id"].split(".")[2].startswith(f"ml_tracing_{gate}")}
                for gate in ["expect_metric_to_be_within_stddevs", "expect_metric_not_to_drop"]}
    assert statuses == {"expect_metric_to_be_within_stddevs": {"warn"},
                        "expect_metric_not_to_drop": {"warn"}}, result.stdout[-2000:]


# -- windows and time zones -------------------------------------------------------------
def test_zoned_timestamps_across_daylight_saving_land_in_utc_windows(project, store):
    stored = mart(project, "ml_tracing__inferences", "model_name = 'churn'").set_index("prediction_id")
    want = store.set_index("prediction_id").loc[stored.index]
    assert (pd.to_datetime(stored.predicted_at) == want.utc).all()
    assert (pd.to_datetime(stored.window_start) == want.window).all()
    local = want.predicted_at.dt.tz_convert("America/New_York")
    offsets = set(local[local.dt.strftime("%Y-%m-%d") == "2026-03-08"].map(lambda t: t.utcoffset()))
    assert len(offsets) == 2, "the data must straddle the daylight-saving change"


def test_empty_window_has_no_rows_and_the_others_are_complete(project, store):
    windows = sorted(store[store.is_current].window.unique())
    assert pd.Timestamp("2026-03-10") not in windows
    performance = mart(project, "ml_tracing__performance_over_time", "model_name = 'churn' and metric_name = 'recall'")
    assert sorted(pd.to_datetime(performance.window_start)) == windows
    rows = store[store.is_current].groupby("window").size()
    assert (performance.set_index(pd.to_datetime(performance.window_start)).window_rows.loc[rows.index] == rows).all()


# -- slices -------------------------------------------------------------------------------
def test_odd_slice_values_keep_their_own_slice_key_rows_and_predicate(project, store):
    current = store[store.is_current]
    slices = mart(project, "ml_tracing__slice_metrics",
                  "model_name = 'churn' and metric_name = 'accuracy' and slice_columns = 'plan'")
    slices["window_start"] = pd.to_datetime(slices.window_start)
    baseline_keys = {key for key, _ in ref.slices(store[store.env == "training"], ["plan"], 1)} - {"all"}
    keys_seen = set()
    for window, rows in current.groupby("window"):
        got = slices[slices.window_start == window].set_index("slice_key")
        window_keys = {key for key, _ in ref.slices(rows, ["plan"], 1)}
        # the baseline's values the window lacks have a row with no rows
        absent = got[got.is_absent_from_window.astype(bool)]
        assert set(absent.index) == baseline_keys - window_keys and (absent.slice_rows == 0).all(), window
        got = got[got.slice_rows > 0]
        for key, part in ref.slices(rows, ["plan"], 1):
            if key == "all":
                continue
            keys_seen.add(key)
            assert got.slice_rows[key] == len(part), (window, key)
            expected = ref.binary_metrics(part).get("accuracy", np.nan)
            assert got.metric_value[key] == pytest.approx(expected, nan_ok=True), (window, key)
            predicate = got.slice_predicate[key]
            count = project.query(f"""select count(*) as n from {project.package_relation('ml_tracing__inferences')}
                where model_name = 'churn' and is_current and window_start = '{window.date()}' and {predicate}""").n[0]
            assert count == len(part), predicate
        assert len(got) == rows.plan.nunique(dropna=False)
    assert {"plan is null", "plan=", "plan=it's", "plan=a%26b%3Dc", "plan=line%0Abreak", "plan=Zürich",
            "plan=solo", "plan=long-" + "x" * 995} <= keys_seen
    one_row = slices[(slices.slice_key == "plan=solo") & (slices.slice_rows > 0)]
    assert list(one_row.slice_rows) == [1]


def test_numeric_slice_columns_entirely_null_or_constant(project, store, expected_predictions):
    current = store[store.is_current]
    baseline = expected_predictions[(expected_predictions.env == "training") & expected_predictions.reason.isna()]
    slices = mart(project, "ml_tracing__slice_metrics",
                  "model_name = 'churn' and metric_name = 'accuracy' and slice_columns in ('discount', 'tier_score')")
    for column in ["discount", "tier_score"]:
        labels = ref.bin_labels(current[column], ref.quantile_edges(baseline[column], 5))
        expected = current.assign(label=labels).groupby(["window", "label"], dropna=False).size()
        assert len(expected.index.get_level_values("label").unique()) == 1
        got = slices[slices.slice_columns == column]
        got = got.assign(window_start=pd.to_datetime(got.window_start)).set_index("window_start")
        assert len(got) == len(expected), got.slice_key.unique()  # one slice per window
        for (window, label), count in expected.items():
            assert got.slice_key[window] == ref.slice_key((column,), (label,))
            assert got.slice_rows[window] == count


@pytest.mark.parametrize("column", ["tiny", "close"])
def test_numeric_slice_bins_with_close_or_tiny_edges_stay_apart(project, store, expected_predictions, column):
    """Edges of 2e-6 to 8e-6 keep distinct labels (4 significant digits); edges of
    1000 + 2e-5 to 8e-5, which 4 decimals write alike, are written with 10. Each bin
    stays its own slice with the rows pandas puts in it."""
    current = store[store.is_current]
    baseline = expected_predictions[(expected_predictions.env == "training") & expected_predictions.reason.isna()]
    edges = ref.quantile_edges(baseline[column], 5)
    labels = ref.bin_labels(current[column], edges)
    assert labels.nunique() == len(edges) + 1 == 5
    expected = current.assign(key=[ref.slice_key((column,), (label,)) for label in labels]).groupby(["window", "key"]).size()
    got = mart(project, "ml_tracing__slice_metrics",
               f"model_name = 'churn' and metric_name = 'accuracy' and slice_columns = '{column}' and slice_rows > 0")
    got = got.assign(window=pd.to_datetime(got.window_start)).set_index(["window", "slice_key"]).slice_rows
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()


# -- models without actuals, empty models, labels outside the classes ------------------------
def test_a_model_without_actuals_still_has_volume_and_drift(project, data):
    silent = data["silent"].assign(window=data["silent"].predicted_at.dt.floor("D"))
    rows = silent.groupby("window").size()
    performance = mart(project, "ml_tracing__performance_over_time", "model_name = 'silent'")
    performance["window_start"] = pd.to_datetime(performance.window_start)
    assert performance.metric_value.isna().all()
    assert set(performance.metric_null_reason) == {"no_actuals_configured"}
    assert (performance.set_index("window_start").window_rows.groupby(level=0).first().loc[rows.index] == rows).all()
    drift = mart(project, "ml_tracing__feature_drift", "model_name = 'silent'")
    drift["window_start"] = pd.to_datetime(drift.window_start)
    for feature in ["segment", "predicted_value"]:
        per_window = drift[drift.feature_name == feature].set_index("window_start")
        assert (per_window.current_rows.loc[rows.index] == rows).all()
        # a rolling baseline of one day: every window after the first has one, so drift is measured
        if feature == "segment":
            days = list(rows.index)
            for before, window in zip(days, days[1:]):
                expected = ref.psi(silent.segment[silent.window == window], silent.segment[silent.window == before])
                assert per_window.psi.loc[window] == pytest.approx(expected, abs=1e-12), window
        assert per_window.psi.loc[rows.index[1:]].notna().all()


def test_a_model_whose_actuals_are_empty_has_volume_and_says_why_metrics_are_null(project, store):
    current = store[store.is_current]
    performance = mart(project, "ml_tracing__performance_over_time", "model_name = 'unlabeled'")
    performance = performance.set_index([pd.to_datetime(performance.window_start), "metric_name"])
    for window, rows in current.groupby("window"):
        recall = performance.loc[(window, "recall")]
        assert pd.isna(recall.metric_value) and recall.metric_null_reason == "no_evaluated_rows"
        assert recall.window_rows == len(rows)
        rate = performance.loc[(window, "predicted_positive_rate")]
        assert rate.metric_value == pytest.approx(rows.predicted_churn.dropna().mean())
        assert pd.isna(rate.metric_null_reason)
    coverage = data_quality(project, "unlabeled", "actuals_coverage")
    assert (coverage.observed_value == 0).all() and len(coverage) == current.window.nunique()


def test_an_empty_predictions_table_builds_and_yields_no_rows(project):
    for model in ["ml_tracing__inferences", "ml_tracing__slice_metrics", "ml_tracing__feature_drift",
                  "ml_tracing__data_quality", "ml_tracing__rejections", "ml_tracing__alerts"]:
        assert mart(project, model, "model_name = 'vacant'").empty, model


def test_labels_outside_the_classes_are_counted_and_scored_as_wrong(project, data):
    frame = data["intent"].merge(data["intent_actuals"], on="prediction_id")
    frame["window"] = frame.predicted_at.dt.floor("D")
    performance = mart(project, "ml_tracing__performance_over_time", "model_name = 'intent'")
    performance = performance.set_index(pd.to_datetime(performance.window_start))
    predicted_outside = data_quality(project, "intent", "prediction_out_of_domain").set_index("window_start")
    actual_outside = data_quality(project, "intent", "actual_out_of_domain").set_index("window_start")
    for window, rows in frame.groupby("window"):
        assert performance.metric_value[window] == pytest.approx(skm.accuracy_score(rows.intent, rows.predicted_intent))
        assert predicted_outside.observed_value[window] == pytest.approx((~rows.predicted_intent.isin(CLASSES)).mean())
        assert actual_outside.observed_value[window] == pytest.approx((~rows.intent.isin(CLASSES)).mean())
    assert (~frame.intent.isin(CLASSES)).any() and (~frame.predicted_intent.isin(CLASSES)).any()


# -- the next run ------------------------------------------------------------------------------
def test_actuals_arriving_after_a_run_are_picked_up_by_the_next(project, data, expected_predictions):
    """Runs last: it rebuilds the project with the late actuals added."""
    late = data["late"]
    before = mart(project, "ml_tracing__inferences", "model_name = 'churn'").set_index("prediction_id")
    assert not before.has_actual.loc[late.prediction_id].any()
    write_actuals(project, pd.concat([data["churn_actuals"], late], ignore_index=True))
    project.dbt("build")
    after = mart(project, "ml_tracing__inferences", "model_name = 'churn'").set_index("prediction_id")
    assert after.has_actual.loc[late.prediction_id].all()
    assert list(after.actual_label.loc[late.prediction_id]) == list(label_text(late.churned))
    assert after.has_actual.sum() == before.has_actual.sum() + len(late)


def test_environment_baseline_that_selects_no_rows_lists_the_environments(project):
    """Runs after the others: the failing run leaves the project's scope models rebuilt with it."""
    models = [dict(config) for config in project.vars["ml_tracing"]["models"]]
    models[0] = {**models[0], "baseline": {"kind": "environment", "environment": "trainig"}}
    result = project.dbt("run", "--select", "+ml_tracing__inferences", "--full-refresh", expect_success=False,
                         vars={"ml_tracing": {"models": models}})
    for fragment in ["model 'churn'", "setting 'baseline'", "{kind: environment, environment: trainig} selects none of the",
                     "ref('churn_predictions')", "Valid: environment values present in the predictions: production, training"]:
        assert fragment in result.stdout, f"{fragment!r} not in dbt output:\n{result.stdout[-2500:]}"
