"""Incremental windows: after new predictions, late-loaded predictions, a late
duplicate of an earlier prediction, rows without id or timestamp and late actuals
arrive, labels are edited in place and days' predictions are deleted, an incremental
`dbt build` replaces exactly the windows computed from the inputs, removes the
deleted day, and gives the same checks, inference store, tuples, rollup, slice
marts and drift features' values as `dbt build --full-refresh`, under fixed-period,
environment and rolling baselines; running it again changes nothing; a `--sample`
build is refused before it touches a table. On every engine."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

import generated_data
import reference as ref
from harness import STAGED_ON_DUCKDB, DbtProject

pytestmark = pytest.mark.all_engines  # each engine has its own incremental strategy

FIRST_CUTOFF = generated_data.START + pd.Timedelta(days=4)
SECOND_CUTOFF = generated_data.START + pd.Timedelta(days=5)
# per predictions table, the day whose predictions are deleted before the second run
DELETED_DAYS = {"late_binary": generated_data.START + pd.Timedelta(days=2), "quiet": generated_data.START}
# the table and the columns its rows are sorted by (None: every column)
TABLES = {
    "int_ml_tracing__prediction_checks": None,
    "int_ml_tracing__actual_checks": None,
    "int_ml_tracing__scoped_predictions": ["model_name", "prediction_id"],
    "ml_tracing__inferences": ["model_name", "prediction_id"],
    "int_ml_tracing__slice_tuples": ["window_key", "channel", "device", "plan", "region"],
    "int_ml_tracing__slice_rollup": ["model_name", "scope", "window_start", "slice_key"],
    "ml_tracing__slice_metrics": ["model_name", "window_start", "metric_name", "slice_key"],
    # by slice: float sums in parallel may order near-ties differently from run to run
    "ml_tracing__slice_impact": ["model_name", "window_start", "metric_name", "slice_key"],
    "int_ml_tracing__feature_values": ["model_name", "prediction_id", "feature_name"],
}
# the tables a staged search writes or feeds
STAGED_TABLES = ["int_ml_tracing__slice_rollup", "ml_tracing__slice_metrics", "ml_tracing__slice_impact"]
# per table: column, its marked value, its value restored, the condition "not marked"
HELD_MARKS = {
    "int_ml_tracing__prediction_checks": ("id_rank", "coalesce(id_rank, 0) + 1000000", "nullif(id_rank - 1000000, 0)",
                                          "coalesce(id_rank, 0) < 1000000"),
    "ml_tracing__inferences": ("predicted_at", "predicted_at + interval '100 years'",
                               "predicted_at - interval '100 years'", "predicted_at < timestamp '2100-01-01'"),
    "int_ml_tracing__slice_tuples": ("n_evaluated", "n_evaluated + 1000000", "n_evaluated - 1000000",
                                     "n_evaluated < 1000000"),
}
BASE = {"actuals": "late_actuals", "slice_columns": ["channel", "device", "plan", "region"],
        "min_slice_rows": 5, "top_k": 5, "max_slice_depth": 3}
BINARY = {"task": "binary_classification",
          "columns": {"predicted_label": "predicted_label", "actual_label": "actual_label", "actual_observed_at": "observed_at"}}
MODELS = [
    {"name": "late_binary", "predictions": "late_binary_predictions", **BINARY, "metrics": ["recall", "accuracy"],
     "baseline": {"kind": "fixed_period", "start": "2026-03-01", "end": "2026-03-02"}, "features": ["score", "channel"],
     **BASE},
    {"name": "late_regression", "task": "regression", "predictions": "late_regression_predictions",
     "columns": {"predicted_value": "predicted_value", "actual_value": "actual_value", "actual_observed_at": "observed_at"},
     "metrics": ["mae", "rmse"], "baseline": {"kind": "rolling", "days": 2}, "slice_search": "exhaustive", **BASE},
    # the pruned search with a rolling baseline: a window also computes the slices the next day expands
    {"name": "late_rolling", "predictions": "late_binary_predictions", **BINARY, "metrics": ["accuracy"],
     "baseline": {"kind": "rolling", "days": 1}, **BASE},
    # the same rows with day one as training data: a baseline outside the monitored stream
    {"name": "late_environment", "predictions": "late_binary_predictions", "task": "binary_classification",
     "columns": {**BINARY["columns"], "environment": "env"}, "metrics": ["accuracy"],
     "baseline": {"kind": "environment", "environment": "training"}, "features": ["score", "channel"], **BASE},
    # quiet: between the runs only its first day is deleted and days four and five change,
    # so its shared baseline (days one and two) and the window its first day was the
    # rolling baseline of (day two) change for the deletion alone
    {"name": "quiet_fixed", "predictions": "quiet_predictions", **BINARY, "metrics": ["accuracy"],
     "baseline": {"kind": "fixed_period", "start": "2026-03-01", "end": "2026-03-03"}, "slice_search": "exhaustive",
     **BASE},
    {"name": "quiet_rolling", "predictions": "quiet_predictions", **BINARY, "metrics": ["accuracy"],
     "baseline": {"kind": "rolling", "days": 1}, **BASE},
]
MODELS_BY_NAME = {model["name"]: model for model in MODELS}
PREDICTION_TABLES = {model["name"]: model["predictions"].removesuffix("_predictions") for model in MODELS}


def _rolling_days(model) -> int:
    """How many windows before a window make its baseline (0: a shared baseline)."""
    return model["baseline"]["days"] if model["baseline"]["kind"] == "rolling" else 0


def _shared_baseline_days(model) -> set[str]:
    baseline = model["baseline"]
    if baseline["kind"] == "environment":
        return _training_days(model)
    if baseline["kind"] != "fixed_period":
        return set()
    return {f"{day:%Y-%m-%d}" for day in pd.date_range(baseline["start"], baseline["end"], inclusive="left")}


def _training_days(model) -> set[str]:
    """The days of an environment baseline's rows: not monitored, no window of their own."""
    return {f"{generated_data.START:%Y-%m-%d}"} if model["baseline"]["kind"] == "environment" else set()


def _deleted_days(model) -> set[str]:
    day = DELETED_DAYS.get(PREDICTION_TABLES[model["name"]])
    return {f"{day:%Y-%m-%d}"} if day is not None else set()


def _days_before(day: str, count: int) -> list[str]:
    """`day` and the `count` days before it."""
    return [f"{pd.Timestamp(day) - pd.Timedelta(days=back):%Y-%m-%d}" for back in range(count + 1)]


def _inputs():
    """Five days of predictions per task; actuals observed up to 30 hours later, a few
    corrections of day-one labels (the fixed-period baseline) on day five, and some
    day-two predictions loaded late (`loaded_at`)."""
    rng = np.random.default_rng(3)
    predictions, actuals = {}, []
    for task, label in [("binary_classification", "actual_label"), ("regression", "actual_value")]:
        frame, truth = generated_data.planted_frames(task, seed=4, n=2500, days=5)
        name = "late_binary" if task == "binary_classification" else "late_regression"
        predictions[name] = frame
        truth = truth.rename(columns={"actual": label})
        truth["observed_at"] = truth.observed_at + pd.to_timedelta(rng.integers(0, 86400, len(truth)), unit="s")
        actuals.append(truth)
    actuals = pd.concat(actuals)
    corrections = actuals[actuals.actual_label.notna() & (actuals.observed_at < FIRST_CUTOFF)].head(40).copy()
    corrections["actual_label"] = 1 - corrections.actual_label
    corrections["observed_at"] = generated_data.START + pd.Timedelta(days=4, hours=12)
    # predictions of day two that reach the table only after day five, with actuals
    # observed long before: their window changes by its number of rows, not by a late actual
    regression = predictions["late_regression"]
    day_two = regression.predicted_at.dt.floor("D") == generated_data.START + pd.Timedelta(days=1)
    regression["loaded_at"] = regression.predicted_at.where(~day_two | (np.arange(len(regression)) % 20 > 0),
                                                            SECOND_CUTOFF - pd.Timedelta(hours=1))
    predictions["late_binary"], odd_actuals = _odd_binary_rows(predictions["late_binary"])
    binary = predictions["late_binary"]
    binary["env"] = np.where(binary.predicted_at.dt.floor("D") == generated_data.START, "training", "production")
    # quiet: every row loaded on time, actuals six hours after the prediction
    quiet, quiet_actuals = generated_data.planted_frames("binary_classification", seed=5, n=1500, days=5)
    predictions["quiet"] = quiet.assign(loaded_at=quiet.predicted_at)
    quiet_actuals = quiet_actuals.rename(columns={"actual": "actual_label"})
    actuals = pd.concat([actuals, corrections, odd_actuals, quiet_actuals], ignore_index=True)
    return predictions, _restated_in_place(actuals, predictions)


def _restated_in_place(actuals, predictions):
    """Actuals whose label the input flips in place before the second run
    (`restated_label`): same row, same `observed_at`, so neither a count nor a late
    observation shows it. On day two of the binary predictions, a window nothing
    else changes."""
    actuals = actuals.assign(restated_label=pd.NA)
    frame = predictions["late_binary"]
    ids = frame.prediction_id[frame.predicted_at.dt.floor("D") == generated_data.START + pd.Timedelta(days=1)]
    rows = actuals.index[actuals.prediction_id.isin(ids.head(30)) & actuals.actual_label.notna()
                         & (actuals.observed_at < FIRST_CUTOFF)][:3]
    assert len(rows) == 3
    actuals.loc[rows, "restated_label"] = 1 - actuals.loc[rows, "actual_label"]
    return actuals


def _restated_ids(actuals) -> pd.Series:
    return actuals.prediction_id[actuals.restated_label.notna()]


def _odd_binary_rows(frame):
    """Rows the data contract rejects or that move another row's fate, loaded before
    the first run and between the runs: a day-five duplicate of a day-four prediction
    (it wins: the day-four row is rejected, and its actuals follow the winner's
    window), rows without id or timestamp, and actuals without a prediction."""
    frame = frame.assign(loaded_at=frame.predicted_at)
    day_four = frame[frame.predicted_at.dt.floor("D") == generated_data.START + pd.Timedelta(days=3)]
    late_duplicate = day_four.head(1).assign(predicted_at=FIRST_CUTOFF + pd.Timedelta(hours=3),
                                             predicted_label=lambda rows: 1 - rows.predicted_label)
    without_id = frame.iloc[[10, -10]].assign(prediction_id=None)
    without_time = frame.iloc[[20, -20]].assign(prediction_id=lambda rows: rows.prediction_id + "_no_time",
                                                predicted_at=pd.NaT)
    odd = pd.concat([late_duplicate, without_id, without_time])
    odd["loaded_at"] = [FIRST_CUTOFF + pd.Timedelta(hours=3), FIRST_CUTOFF - pd.Timedelta(days=2),
                        SECOND_CUTOFF - pd.Timedelta(hours=2), FIRST_CUTOFF - pd.Timedelta(days=2),
                        SECOND_CUTOFF - pd.Timedelta(hours=2)]
    orphans = pd.DataFrame({"prediction_id": ["no_such_prediction", None], "actual_label": [1, 0],
                            "observed_at": [FIRST_CUTOFF - pd.Timedelta(days=1), FIRST_CUTOFF + pd.Timedelta(hours=5)]})
    return pd.concat([frame, odd], ignore_index=True), orphans


def _kept_predictions(name, frame, cutoff):
    """The rows of `frame` the input holds at `cutoff`: loaded by then, and after the
    first run without the table's deleted day."""
    kept = frame.loaded_at < cutoff
    if name in DELETED_DAYS and cutoff > FIRST_CUTOFF:
        kept &= frame.predicted_at.dt.floor("D") != DELETED_DAYS[name]
    return frame[kept]


def _write_inputs(project, predictions, actuals, cutoff):
    s, t, d, i = "string", "timestamp", "double", "integer"
    for name, frame in predictions.items():
        types = {"prediction_id": s, "predicted_at": t, **{c: s for c in generated_data.PLANTED_CARDINALITIES},
                 "predicted_label": i, "score": d, "predicted_value": d, "env": s}
        frame = _kept_predictions(name, frame, cutoff).drop(columns="loaded_at")
        project.write_seed(name + "_predictions", frame, {c: types[c] for c in frame.columns})
    if cutoff >= SECOND_CUTOFF:
        actuals = actuals.assign(actual_label=actuals.restated_label.fillna(actuals.actual_label))
    actuals = actuals.drop(columns="restated_label")
    actuals = actuals.astype({"actual_label": "Int64"})  # integer labels, NULL for regression rows
    project.write_seed("late_actuals", actuals[actuals.observed_at < cutoff],
                       {"prediction_id": s, "actual_label": i, "actual_value": d, "observed_at": t})


def _mark_held_rows(project) -> None:
    """Mark every held row in a column the incremental choice of windows does not read
    (HELD_MARKS); a window the next run replaces loses the mark."""
    for table, (column, marked, _, _) in HELD_MARKS.items():
        project.execute(f"update {project.package_relation(table)} set {column} = {marked}")


def _replaced_windows(project) -> dict[str, set[str]]:
    """The windows whose rows the run replaced, per table; the marks are then removed."""
    replaced = {}
    for table, (column, _, unmarked, is_unmarked) in HELD_MARKS.items():
        relation = project.package_relation(table)
        replaced[table] = set(project.query(f"select distinct window_key from {relation} where {is_unmarked}").window_key)
        project.execute(f"update {relation} set {column} = {unmarked} where not ({is_unmarked})")
    return replaced


def _snapshot(project) -> dict[str, pd.DataFrame]:
    snapshot = {}
    for table, keys in TABLES.items():
        frame = project.table(table).drop(columns=["impact_rank", "built_at"], errors="ignore")
        snapshot[table] = frame.sort_values(keys or list(frame.columns), na_position="first").reset_index(drop=True)
    return snapshot


@pytest.fixture(scope="module")
def runs(tmp_path_factory, engine):
    return _run_scenario(DbtProject(tmp_path_factory.mktemp("incremental"), engine))


@pytest.fixture(scope="module")
def staged_runs(tmp_path_factory, engine):
    """The same runs on DuckDB with the pruned searches and the slice metrics run
    stage by stage (Spark's path, which DuckDB takes for wide searches), the search's
    changed windows staged too."""
    if engine != "duckdb":
        pytest.skip("Spark always runs them stage by stage, PostgreSQL never")
    return _run_scenario(DbtProject(tmp_path_factory.mktemp("incremental_staged"), engine), STAGED_ON_DUCKDB)


def _run_scenario(project, extra_vars=None):
    project.vars = {"ml_tracing": {"models": MODELS}, **(extra_vars or {})}
    predictions, actuals = _inputs()
    slices = ["--select", "+ml_tracing__slice_impact", "+int_ml_tracing__feature_values", "--indirect-selection", "cautious"]
    _write_inputs(project, predictions, actuals, FIRST_CUTOFF)
    project.dbt("deps")
    project.dbt("build", *slices)
    values_built_at = [_windows_built_at(project, "int_ml_tracing__feature_values")]
    _write_inputs(project, predictions, actuals, SECOND_CUTOFF)
    project.dbt("seed", "--full-refresh")
    marking = project.engine != "spark"  # parquet tables take no UPDATE
    if marking:
        # the incremental models first, so the marks are gone before the rollup reads the tuples
        _mark_held_rows(project)
        project.dbt("build", "--select", "+int_ml_tracing__slice_tuples", "--indirect-selection", "cautious")
    replaced = _replaced_windows(project) if marking else None
    project.dbt("build", *slices)
    incremental = _snapshot(project)
    [rollup_query] = (project.root / "target" / "compiled" / "ml_tracing" / "models").glob(
        "*/int_ml_tracing__slice_rollup.sql")
    incremental_rollup_query = rollup_query.read_text()
    rollup_built_at, metrics_built_at = (_windows_built_at(project, table)
                                         for table in ["int_ml_tracing__slice_rollup", "ml_tracing__slice_metrics"])
    values_built_at.append(_windows_built_at(project, "int_ml_tracing__feature_values"))
    project.dbt("build", *slices)
    repeated = _snapshot(project)
    values_built_at.append(_windows_built_at(project, "int_ml_tracing__feature_values"))
    project.dbt("build", "--full-refresh", *slices)
    return dict(project=project, incremental=incremental, repeated=repeated, full=_snapshot(project),
                predictions=predictions, actuals=actuals, replaced=replaced, rollup_built_at=rollup_built_at,
                metrics_built_at=metrics_built_at, incremental_rollup_query=incremental_rollup_query,
                values_built_at=values_built_at)


def _windows_built_at(project, table) -> pd.Series:
    """When each window's rows were last written."""
    return project.query(f"select window_key, max(built_at) as built_at from {project.package_relation(table)} "
                         "group by window_key").set_index("window_key").built_at.sort_index()


@pytest.mark.parametrize("table", list(TABLES))
def test_incremental_run_equals_full_refresh(runs, table):
    pd.testing.assert_frame_equal(runs["incremental"][table], runs["full"][table], check_exact=False, rtol=1e-9)


@pytest.mark.parametrize("table", list(TABLES))
def test_rerunning_is_idempotent(runs, table):
    pd.testing.assert_frame_equal(runs["repeated"][table], runs["incremental"][table], check_exact=False, rtol=1e-9)


@pytest.mark.parametrize("table", STAGED_TABLES)
def test_staged_incremental_run_equals_the_one_query_full_refresh(staged_runs, runs, table):
    """The incremental run read the searches' staged tables; its rows, a repeated
    run's and a staged full refresh's equal the one-query full refresh's, and no
    stage's table is left."""
    assert '"int_ml_tracing__slice_rollup__late_rolling_slices"' in staged_runs["incremental_rollup_query"]
    for run in ("incremental", "repeated", "full"):
        pd.testing.assert_frame_equal(staged_runs[run][table], runs["full"][table], check_exact=False, rtol=1e-9)
    project = staged_runs["project"]
    assert not [name for name in project.tables(f"{project.schema}_ml_tracing") if name.count("__") > 1]


def test_feature_values_rewrite_only_changed_windows(runs):
    """The drift features' values: the second run rewrites some windows and keeps
    others (the windows of a model whose numeric bins moved are all rewritten: the
    equality with a full refresh above), and a repeated run rewrites none."""
    first, second, repeated = runs["values_built_at"]
    kept = first.index.intersection(second.index)
    rewritten = (second[kept] != first[kept])
    assert rewritten.any() and not rewritten.all(), rewritten
    pd.testing.assert_series_equal(repeated, second)


def _expected_windows(runs) -> set[str]:
    """The windows of the second run, computed from the inputs: per model, the new day,
    the days with an actual observed between the two cutoffs (day one holds the
    fixed-period baseline and its corrected labels) and the days with predictions
    loaded between them."""
    actuals = runs["actuals"]
    arrived = actuals[(actuals.observed_at >= FIRST_CUTOFF) & (actuals.observed_at < SECOND_CUTOFF)]
    expected = set()
    for name, table in PREDICTION_TABLES.items():
        frame = runs["predictions"][table]
        frame = _kept_predictions(table, frame[frame.predicted_at < SECOND_CUTOFF], SECOND_CUTOFF)
        days = frame.predicted_at.dt.floor("D")
        late = (frame.prediction_id.isin(arrived.prediction_id) | frame.prediction_id.isin(_restated_ids(actuals))
                | _loaded_between_runs_or_sharing_an_id(frame))
        expected |= {f"{name}|{day.date()}" for day in set(days[late | (frame.predicted_at >= FIRST_CUTOFF)])}
    return expected


def _loaded_between_runs_or_sharing_an_id(frame) -> pd.Series:
    loaded = frame.loaded_at >= FIRST_CUTOFF
    return loaded | frame.prediction_id.isin(frame.prediction_id[loaded].dropna())


def test_prediction_checks_replace_the_windows_loaded_into_and_those_sharing_their_ids(runs):
    """Per model: the days (and 'none', no timestamp) of the rows loaded between the
    runs, and of every row sharing an id with them (the day-four row the late
    duplicate overrules); not the days with only late actuals, nor the deleted day."""
    _skip_unless_marked(runs)
    expected = set()
    for name, table in PREDICTION_TABLES.items():
        frame = _kept_predictions(table, runs["predictions"][table], SECOND_CUTOFF)
        days = frame.predicted_at[_loaded_between_runs_or_sharing_an_id(frame)].dt.floor("D")
        expected |= {f"{name}|{'none' if pd.isna(day) else day.date()}" for day in days}
    assert f"late_binary|{(generated_data.START + pd.Timedelta(days=3)).date()}" in expected
    assert expected < set(runs["full"]["int_ml_tracing__prediction_checks"].window_key)
    assert runs["replaced"]["int_ml_tracing__prediction_checks"] == expected


def _skip_unless_marked(runs):
    if runs["replaced"] is None:
        pytest.skip("the held rows are marked by an UPDATE, which parquet tables on Spark do not take")


def test_inference_store_replaces_only_new_windows_and_windows_with_late_actuals(runs):
    _skip_unless_marked(runs)
    expected = _expected_windows(runs)
    assert expected < set(runs["full"]["ml_tracing__inferences"].window_key)  # some windows were left alone
    assert runs["replaced"]["ml_tracing__inferences"] == expected


def _expected_tuple_windows(runs) -> set[str]:
    """Per scope: the inference store's monitored windows, and a shared baseline when
    one of its days is among them or was deleted (a rolling baseline is made of earlier
    windows: it has no rows of its own)."""
    changed = _expected_windows(runs)
    expected = set()
    for model in MODELS:
        name = model["name"]
        days = {key.split("|")[1] for key in changed if key.split("|")[0] == name}
        expected |= {f"{name}|current|{day}" for day in days - _training_days(model)}
        if (days | _deleted_days(model)) & _shared_baseline_days(model):
            expected.add(f"{name}|baseline|all")
    return expected


def test_slice_tuples_replace_only_the_same_windows_and_the_baseline_with_late_actuals(runs):
    _skip_unless_marked(runs)
    expected = _expected_tuple_windows(runs)
    assert expected < set(runs["full"]["int_ml_tracing__slice_tuples"].window_key)
    assert runs["replaced"]["int_ml_tracing__slice_tuples"] == expected


def test_slice_rollup_rebuilds_the_changed_windows_and_the_windows_feeding_their_rolling_baseline(runs):
    """The exhaustive search rebuilds the windows whose tuples changed; the pruned
    search also the `days` windows before each changed or deleted window (late_rolling,
    quiet_rolling: their slices feed that window's rolling baseline) and a shared
    baseline (late_binary, late_environment: it holds the slices any window expands); on
    Spark, every window. Read from `built_at`: the run's start."""
    built_at = runs["rollup_built_at"]
    rebuilt = set(built_at[built_at == built_at.max()].index)
    held_windows = set(runs["full"]["int_ml_tracing__slice_tuples"].window_key)
    changed = _expected_tuple_windows(runs)
    expected = set()
    for model in MODELS:
        name = model["name"]
        own = {key for key in changed if key.startswith(name + "|")}
        expected |= own
        if model.get("slice_search") == "exhaustive":
            continue
        if _shared_baseline_days(model):
            expected.add(f"{name}|baseline|all")
        for day in {key.split("|")[2] for key in own if "|current|" in key} | _deleted_days(model):
            expected |= {f"{name}|current|{before}" for before in _days_before(day, _rolling_days(model))}
    expected &= held_windows
    assert expected < held_windows
    if runs["project"].engine == "spark":
        expected = held_windows  # mlt_searches_window_by_window: every window, every run
    assert rebuilt == expected


def test_slice_metrics_recompute_the_windows_whose_slices_or_baseline_slices_were_rebuilt(runs):
    """A window is recomputed when the rollup rebuilt its own slices or its
    baseline's: a shared baseline (so every window of the model), the
    `days` windows before for a rolling baseline; a deleted window counts as rebuilt."""
    rollup = runs["rollup_built_at"]
    rebuilt = set(rollup[rollup == rollup.max()].index)
    rebuilt |= {f"{model['name']}|current|{day}" for model in MODELS for day in _deleted_days(model)}
    held = set(runs["full"]["ml_tracing__slice_metrics"].window_key)
    expected = set()
    for key in held:
        name, day = key.split("|")
        inputs = {f"{name}|current|{before}" for before in _days_before(day, _rolling_days(MODELS_BY_NAME[name]))}
        if _shared_baseline_days(MODELS_BY_NAME[name]):
            inputs.add(f"{name}|baseline|all")
        if inputs & rebuilt:
            expected.add(key)
    built_at = runs["metrics_built_at"]
    assert set(built_at[built_at == built_at.max()].index) == expected
    if runs["project"].engine != "spark":
        assert expected < held


def test_a_deleted_day_leaves_the_incremental_models(runs):
    """The deleted days of late_binary and quiet are gone; the same day of late_regression stays."""
    for table, key in [("int_ml_tracing__prediction_checks", "{}|{}"), ("int_ml_tracing__scoped_predictions", "{}|{}"),
                       ("ml_tracing__inferences", "{}|{}"), ("int_ml_tracing__slice_tuples", "{}|current|{}"),
                       ("int_ml_tracing__slice_rollup", "{}|current|{}"), ("ml_tracing__slice_metrics", "{}|{}"),
                       ("ml_tracing__slice_impact", "{}|{}")]:
        held = set(runs["incremental"][table].window_key)
        for model in MODELS:
            assert not {key.format(model["name"], day) for day in _deleted_days(model)} & held
        assert key.format("late_regression", DELETED_DAYS["late_binary"].date()) in held


def test_a_deleted_day_alone_changes_the_shared_baseline_and_the_window_it_fed(runs):
    """Nothing but the deletion of quiet's day one changes its days one to three: the
    shared baseline of quiet_fixed (days one and two) is counted again without it, and
    day two of quiet_rolling, whose rolling baseline it was, has no baseline left."""
    day_one = DELETED_DAYS["quiet"]
    first_days = _days_before(f"{day_one + pd.Timedelta(days=2):%Y-%m-%d}", 2)
    assert not {f"{name}|{day}" for name in ["quiet_fixed", "quiet_rolling"] for day in first_days} & _expected_windows(runs)
    quiet = _kept_predictions("quiet", runs["predictions"]["quiet"], SECOND_CUTOFF)
    baseline_days = _shared_baseline_days(MODELS_BY_NAME["quiet_fixed"])
    baseline_rows = quiet.predicted_at.dt.strftime("%Y-%m-%d").isin(baseline_days).sum()
    tuples = runs["incremental"]["int_ml_tracing__slice_tuples"]
    assert tuples[tuples.window_key == "quiet_fixed|baseline|all"].n_rows.sum() == baseline_rows > 0
    metrics = runs["incremental"]["ml_tracing__slice_metrics"]
    day_two = metrics[metrics.window_key == f"quiet_rolling|{day_one + pd.Timedelta(days=1):%Y-%m-%d}"]
    assert len(day_two) and day_two.baseline_value.isna().all()


def test_a_sampled_build_is_refused_while_the_checks_hold_windows(runs):
    """With `event_time` configured on the predictions, `--sample` stages only the
    sample's rows: the checks would replace their windows with sampled rows and drop
    every window outside the sample. The build stops with an error naming the model,
    the setting and what to do, and every table keeps what it held."""
    project = runs["project"]
    table = MODELS_BY_NAME["late_binary"]["predictions"]
    event_time = project.root / "seeds" / "_event_time.yml"
    event_time.write_text(yaml.safe_dump({"version": 2, "seeds": [{"name": table, "config": {"event_time": "predicted_at"}}]}))
    start, end = (generated_data.START + pd.Timedelta(days=days) for days in (2, 4))
    sample = f"{{'start': '{start:%Y-%m-%d}', 'end': '{end:%Y-%m-%d}'}}"
    try:
        result = project.dbt("build", "--select", "+ml_tracing__slice_impact", "--sample", sample, expect_success=False)
    finally:
        event_time.unlink()
    assert "model 'late_binary', setting 'predictions'" in result.stdout
    assert "--sample" in result.stdout and "--full-refresh" in result.stdout
    assert "Data contract and bad input" in result.stdout and "Settings live under" not in result.stdout
    after = _snapshot(project)
    for table in TABLES:
        pd.testing.assert_frame_equal(after[table], runs["full"][table])


def test_an_empty_run_keeps_every_window(runs):
    """`dbt run --empty` (a schema-only dry run) of every ml_tracing model reads the
    inputs as no rows: the SQL runs on every engine (dbt-postgres writes an empty
    ref as an aliased subquery, which cannot take a second alias), and the
    incremental models keep what they hold. Last in the module: it runs dbt again."""
    project = runs["project"]
    project.dbt("run", "--empty", "--select", "package:ml_tracing")
    after = _snapshot(project)
    for table in TABLES:
        pd.testing.assert_frame_equal(after[table], runs["full"][table])


def _binned_rows(rng, n, predicted_at, prefix):
    """`n` predictions made at `predicted_at`, ids `prefix` and a number; no amount yet."""
    return pd.DataFrame({
        "prediction_id": [f"{prefix}{i:04d}" for i in range(n)],
        "predicted_at": predicted_at,
        "predicted_label": rng.integers(0, 2, n),
        "channel": rng.choice(["web", "app"], n),
        "actual_label": rng.integers(0, 2, n),
    })


def _relabelled_as_a_full_refresh(tmp_path, engine, predictions, late):
    """Build the slice path on `predictions`, then incrementally with the `late`
    rows added to them: the inference store's numeric slice bins are those pandas
    learns on the final baseline day (4 quantile bins of `amount`), and the slice
    metrics equal a full refresh."""
    model = {"name": "binned", "predictions": "binned_predictions", "actuals": "binned_actuals", **BINARY,
             "metrics": ["accuracy"], "baseline": {"kind": "fixed_period", "start": "2026-03-01", "end": "2026-03-02"},
             "slice_columns": ["channel", {"name": "amount", "kind": "numeric", "bins": 4}],
             "min_slice_rows": 5, "max_slice_depth": 2}
    project = DbtProject(tmp_path, engine)
    project.vars = {"ml_tracing": {"models": [model]}}
    slices = ["--select", "+ml_tracing__slice_metrics", "--indirect-selection", "cautious"]

    def write(frame):
        project.write_seed("binned_predictions", frame.drop(columns="actual_label"), {"prediction_id": "string", "predicted_at": "timestamp",
                                                         "predicted_label": "integer", "amount": "double",
                                                         "channel": "string"})
        actuals = frame[["prediction_id", "actual_label"]].assign(observed_at=frame.predicted_at + pd.Timedelta(hours=2))
        project.write_seed("binned_actuals", actuals, {"prediction_id": "string", "actual_label": "integer",
                                                       "observed_at": "timestamp"})

    write(predictions)
    project.dbt("deps")
    project.dbt("build", *slices)
    everything = pd.concat([predictions, late], ignore_index=True)
    write(everything)
    project.dbt("seed", "--full-refresh")
    project.dbt("build", *slices)

    baseline = everything.amount[everything.predicted_at < pd.Timestamp("2026-03-02")]
    expected = ref.bin_labels(everything.set_index("prediction_id").amount, ref.quantile_edges(baseline, 4))
    inferences = project.table("ml_tracing__inferences").set_index("prediction_id")
    assert inferences.amount.sort_index().tolist() == expected.sort_index().tolist()

    keys = ["window_start", "metric_name", "slice_key"]
    incremental = project.table("ml_tracing__slice_metrics").drop(columns="built_at").sort_values(keys)
    project.dbt("build", "--full-refresh", *slices)
    full = project.table("ml_tracing__slice_metrics").drop(columns="built_at").sort_values(keys)
    pd.testing.assert_frame_equal(incremental.reset_index(drop=True), full.reset_index(drop=True))
    return expected


def _seconds(rng, days, n):
    """`n` sorted random offsets within `days` days."""
    return pd.to_timedelta(np.sort(rng.integers(0, days * 86400, n)), unit="s")


def test_late_rows_where_the_bins_are_learned_relabel_every_window(tmp_path, engine):
    """Numeric slice bins are learned on the baseline rows. Predictions loaded late
    into the fixed baseline period move the edges: the incremental run relabels every
    window of the model, as pandas bins the final data, and equals a full refresh."""
    rng = np.random.default_rng(12)
    predictions = _binned_rows(rng, 600, generated_data.START + _seconds(rng, 5, 600), "p")
    predictions["amount"] = np.round(rng.gamma(2.0, 40.0, 600), 2)
    # day one's late rows: large amounts, so the baseline's quantiles move
    late = _binned_rows(rng, 80, generated_data.START + _seconds(rng, 1, 80), "late")
    late["amount"] = np.round(rng.uniform(300, 900, 80), 2)
    _relabelled_as_a_full_refresh(tmp_path, engine, predictions, late)


def test_an_edge_moving_less_than_its_label_shows_relabels_every_window(tmp_path, engine):
    """One late baseline row moves the lowest edge from 10.00001 to 10.00002: both
    read `10`, so every label the bins give stays the same, but a later row of
    amount 10.00001 leaves the bin [10, 40) for (-inf, 10). The incremental run
    relabels it as pandas does and equals a full refresh."""
    rng = np.random.default_rng(13)
    # day one, 400 rows: edges at ranks 100, 200 and 300; the values at ranks 200 and
    # 201, and at 300 and 301, are the same, so that only the lowest edge moves
    day_one = np.concatenate([np.round(rng.uniform(0, 9.9, 99), 2), [10.00001, 10.00002],
                              np.round(rng.uniform(10.1, 39.9, 97), 2), [40.0] * 3,
                              np.round(rng.uniform(40.1, 69.9, 97), 2), [70.0] * 3,
                              np.round(rng.uniform(70.1, 99.9, 99), 2)])
    assert ref.quantile_edges(pd.Series(day_one), 4) == [10.00001, 40.0, 70.0]
    baseline = _binned_rows(rng, 400, generated_data.START + _seconds(rng, 1, 400), "b")
    baseline["amount"] = rng.permutation(day_one)
    later = _binned_rows(rng, 300, generated_data.START + pd.Timedelta(days=1) + _seconds(rng, 4, 300), "p")
    later["amount"] = np.where(np.arange(300) % 10 == 0, 10.00001, np.round(rng.uniform(0, 100, 300), 2))
    late = _binned_rows(rng, 1, generated_data.START + pd.Timedelta(hours=5), "late")
    late["amount"] = 500.0
    expected = _relabelled_as_a_full_refresh(tmp_path, engine, pd.concat([baseline, later], ignore_index=True), late)
    moved = later.prediction_id[later.amount == 10.00001]
    assert set(expected[moved]) == {"(-inf, 10)"}
