"""Champion and challenger. In a shadow deployment the champion (v1) and the
challenger (v2) score the same requests under the same ids, v2 a second later (so
some of its predictions fall in the next day), and one actual per request serves
both. Under a `model_version` baseline an id is unique per version: both
predictions are kept, each side's metric is computed on its own rows, and runs
adding late actuals or a day equal a `--full-refresh`. In a rollout the champion
serves a shrinking share: a baseline value resting on a handful of rows is not
judged. Expected values come from pandas on the generated rows."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from harness import DbtProject
from test_alert_messages import decimal_text

pytestmark = pytest.mark.also_on("postgres")

CHAMPION = "v1 'stable'"  # a quote in a version name: written as an SQL literal
DAYS = ["2026-05-01", "2026-05-02", "2026-05-03"]
PER_DAY = 150
CONFIG = {
    "name": "shadow", "task": "binary_classification",
    "predictions": "shadow_predictions", "actuals": "shadow_actuals",
    "columns": {"predicted_label": "predicted_label", "actual_label": "actual_label", "model_version": "version"},
    "slice_columns": ["plan"], "metrics": ["accuracy", "recall"], "min_window_rows": 10,
    "baseline": {"kind": "model_version", "model_version": CHAMPION},
}
ROLLOUT = {**CONFIG, "name": "rollout", "predictions": "rollout_predictions", "actuals": "rollout_actuals",
           "metrics": ["accuracy"], "min_window_rows": 20}
VARS = {"ml_tracing": {"models": [CONFIG, ROLLOUT]}}
ROLLOUT_GATES = """
version: 2
seeds:
  - name: rollout_predictions
    data_tests:
      - ml_tracing.expect_metric_not_to_drop:
          name: rollout_accuracy_not_to_drop
          arguments: {ml_model: rollout, max_drop: 0.1}
          config: {severity: warn}
"""
PREDICTION_TYPES = {"prediction_id": "string", "predicted_at": "timestamp", "version": "string", "plan": "string",
                    "predicted_label": "integer"}
ACTUAL_TYPES = {"prediction_id": "string", "actual_label": "integer"}


def shadow_frames(seed: int = 21):
    """Every request scored by v1 and, one second later, by v2 (worse on plan `pro`);
    the last requests of a day come at 23:59:59.5, so their v2 row is the next day's.
    One v2 request is logged twice, the later row winning."""
    rng = np.random.default_rng(seed)
    requests = []
    for day in DAYS:
        seconds = np.sort(rng.uniform(0, 86_399, PER_DAY))
        seconds[-5:] = 86_399.5
        requests.append(pd.DataFrame({
            "prediction_id": [f"{day}-{i}" for i in range(PER_DAY)],
            "v1_at": pd.Timestamp(day) + pd.to_timedelta(seconds, unit="s"),
            "plan": rng.choice(["free", "pro"], PER_DAY),
            "actual_label": (rng.random(PER_DAY) < 0.4).astype(int)}))
    requests = pd.concat(requests, ignore_index=True)
    n = len(requests)

    def scored(version, at, wrong_share):
        wrong = rng.random(n) < wrong_share
        return pd.DataFrame({"prediction_id": requests.prediction_id, "predicted_at": at, "version": version,
                             "plan": requests.plan,
                             "predicted_label": np.where(wrong, 1 - requests.actual_label, requests.actual_label)})

    v1 = scored(CHAMPION, requests.v1_at, 0.1)
    v2 = scored("v2", requests.v1_at + pd.Timedelta(seconds=1),
                np.where(requests.plan == "pro", 0.4, 0.1))
    relogged = v2.iloc[[7]].assign(predicted_at=v2.predicted_at.iloc[7] + pd.Timedelta(seconds=5),
                                   predicted_label=1 - v2.predicted_label.iloc[7])
    predictions = pd.concat([v1, v2, relogged], ignore_index=True)
    labeled = rng.random(n) < 0.85
    actuals = requests.loc[labeled, ["prediction_id", "actual_label"]]
    return predictions, actuals


def rollout_frame(seed: int = 22) -> pd.DataFrame:
    """v1 and v2 on separate requests: on the second day v1 serves 8 rows (all right)."""
    rng = np.random.default_rng(seed)
    parts = []
    for day, version, n, wrong_share in [(DAYS[0], CHAMPION, 100, 0.15), (DAYS[0], "v2", 100, 0.2),
                                         (DAYS[1], CHAMPION, 8, 0.0), (DAYS[1], "v2", 120, 0.25)]:
        actual = (rng.random(n) < 0.4).astype(int)
        parts.append(pd.DataFrame({
            "prediction_id": [f"{day}-{version}-{i}" for i in range(n)],
            "predicted_at": pd.Timestamp(day) + pd.to_timedelta(rng.uniform(0, 86_399, n), unit="s"),
            "version": version, "plan": rng.choice(["free", "pro"], n),
            "predicted_label": np.where(rng.random(n) < wrong_share, 1 - actual, actual), "actual_label": actual}))
    return pd.concat(parts, ignore_index=True)


def expected_performance(predictions: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """Per window, v2's metric and v1's in the same window, on each version's own rows
    (an id's latest row per version kept)."""
    kept = (predictions.sort_values("predicted_at")
            .drop_duplicates(["version", "prediction_id"], keep="last")
            .merge(actuals, on="prediction_id"))
    kept["window_start"] = kept.predicted_at.dt.floor("D")
    rows = []
    for (window, version), group in kept.groupby(["window_start", "version"]):
        positives = group[group.actual_label == 1]
        rows.append({"window_start": window, "version": version,
                     "accuracy": (group.predicted_label == group.actual_label).mean(),
                     "recall": (positives.predicted_label == 1).mean()})
    values = pd.DataFrame(rows).melt(["window_start", "version"], var_name="metric_name")
    return (values.pivot_table(index=["window_start", "metric_name"], columns="version", values="value")
            .rename(columns={"v2": "metric_value", CHAMPION: "baseline_value"}).reset_index())


def write_inputs(project: DbtProject, predictions: pd.DataFrame, actuals: pd.DataFrame) -> None:
    rollout = rollout_frame()
    for name, frame in [("shadow", predictions), ("rollout", rollout.drop(columns="actual_label"))]:
        project.write_seed(f"{name}_predictions", frame.assign(
            predicted_at=frame.predicted_at.dt.strftime("%Y-%m-%d %H:%M:%S.%f")), PREDICTION_TYPES)
    project.write_seed("shadow_actuals", actuals, ACTUAL_TYPES)
    project.write_seed("rollout_actuals", rollout[["prediction_id", "actual_label"]], ACTUAL_TYPES)
    project.dbt("seed", "--full-refresh", vars=VARS)


def performance(project: DbtProject, model: str = "shadow", columns: str = "metric_value, baseline_value") -> pd.DataFrame:
    table = project.query(f"""
        select window_start, metric_name, {columns}
        from {project.package_relation('ml_tracing__performance_over_time')}
        where model_name = '{model}'
    """)
    table["window_start"] = pd.to_datetime(table.window_start)
    return table.sort_values(["window_start", "metric_name"]).reset_index(drop=True)


def snapshot(project: DbtProject) -> dict:
    return {"performance": performance(project),
            "inferences": project.table("ml_tracing__inferences").drop(columns="built_at")}


@pytest.fixture(scope="module")
def shadow(tmp_path_factory, engine):
    project = DbtProject(tmp_path_factory.mktemp("shadow"), engine)
    (project.root / "seeds" / "rollout_gates.yml").write_text(ROLLOUT_GATES)
    predictions, actuals = shadow_frames()
    project.dbt("deps")
    # two days without some of the first day's actuals, among them those of the requests whose
    # v2 rows fall in the second day; then those actuals (the second window changes by them
    # alone); then the third day. Each incremental run is compared with a full refresh.
    first_days = predictions[predictions.predicted_at < pd.Timestamp(DAYS[2])]
    late = actuals.prediction_id.str.startswith(DAYS[0]) & (
        actuals.prediction_id.isin([f"{DAYS[0]}-{i}" for i in range(PER_DAY - 5, PER_DAY)])
        | (np.arange(len(actuals)) % 3 == 0))
    write_inputs(project, first_days, actuals[~late])
    project.dbt("build", vars=VARS)
    runs = []
    for step_predictions in [first_days, predictions]:
        write_inputs(project, step_predictions, actuals)
        project.dbt("build", vars=VARS)
        incremental = snapshot(project)
        project.dbt("build", "--full-refresh", vars=VARS)
        runs.append((incremental, snapshot(project)))
    return project, predictions, actuals, runs


def test_both_versions_of_a_request_are_kept_and_judged_on_their_own_rows(shadow):
    project, predictions, actuals, _ = shadow
    expected = expected_performance(predictions, actuals)
    assert len(expected) == 2 * (len(DAYS) + 1)  # the last requests' v2 rows open a fourth day
    merged = performance(project).merge(expected, on=["window_start", "metric_name"], how="outer",
                                        suffixes=("", "_expected"), indicator=True)
    assert (merged._merge == "both").all(), merged
    for column in ["metric_value", "baseline_value"]:
        np.testing.assert_allclose(merged[column].astype(float), merged[f"{column}_expected"], rtol=1e-9,
                                   err_msg=column)

    # the only rejected row is v2's earlier log of the request logged twice
    rejections = project.query(f"select * from {project.package_relation('ml_tracing__rejections')} "
                               "where model_name = 'shadow'")
    assert list(rejections.rejection_reason) == ["duplicate_prediction_id"], rejections
    store = project.query(f"select * from {project.package_relation('ml_tracing__inferences')} "
                          "where model_name = 'shadow'")
    assert len(store) == len(predictions) - 1
    assert store.groupby("model_version").has_actual.sum().to_dict() == {
        version: predictions[predictions.version == version].drop_duplicates("prediction_id")
        .prediction_id.isin(actuals.prediction_id).sum() for version in [CHAMPION, "v2"]}


def test_late_actuals_and_a_new_day_equal_a_full_refresh(shadow):
    _, _, _, runs = shadow
    keys = ["prediction_id", "model_version"]
    for incremental, full in runs:
        pd.testing.assert_frame_equal(incremental["performance"], full["performance"])
        pd.testing.assert_frame_equal(incremental["inferences"].sort_values(keys).reset_index(drop=True),
                                      full["inferences"].sort_values(keys).reset_index(drop=True))


def test_a_baseline_value_resting_on_a_handful_of_rows_is_not_judged(shadow):
    project = shadow[0]
    rollout = rollout_frame()
    rollout["window_start"] = rollout.predicted_at.dt.floor("D")
    counts = rollout.groupby(["window_start", "version"]).size().unstack()
    table = performance(project, "rollout", "metric_rows, baseline_metric_rows, baseline_status, window_status")
    assert list(table.metric_rows) == list(counts.v2) and list(table.baseline_metric_rows) == list(counts[CHAMPION])
    minimum = ROLLOUT["min_window_rows"]
    assert list(table.baseline_status) == ["ok" if n >= minimum else "too_few_rows" for n in counts[CHAMPION]]
    assert list(table.window_status) == ["ok", "ok"]

    # the second day's drop against the champion's 8 rows crosses the error threshold, unjudged
    correct = (rollout.predicted_label == rollout.actual_label).groupby([rollout.window_start, rollout.version]).mean()
    drop = correct[pd.Timestamp(DAYS[1]), CHAMPION] - correct[pd.Timestamp(DAYS[1]), "v2"]
    assert drop > 0.1
    alerts = project.query(f"""
        select window_start, status, severity, observed_value, alert_message
        from {project.package_relation('ml_tracing__alerts')}
        where model_name = 'rollout' and check_name = 'metric_drop'
    """)
    alerts["window_start"] = pd.to_datetime(alerts.window_start)
    second_day = alerts[alerts.window_start == pd.Timestamp(DAYS[1])]
    assert list(second_day.status) == ["too_few_rows"] and second_day.severity.isna().all(), alerts
    np.testing.assert_allclose(second_day.observed_value, [drop], rtol=1e-9)
    assert list(second_day.alert_message) == [
        f"rollout, {DAYS[1]}: metric_drop of accuracy is {decimal_text(drop)} "
        f"(baseline {decimal_text(correct[pd.Timestamp(DAYS[1]), CHAMPION])}), above the error threshold 0.1000, "
        "in a window too small to judge"]

    # the gate judges the first day alone (the last build was a --full-refresh)
    first_drop = correct[pd.Timestamp(DAYS[0]), CHAMPION] - correct[pd.Timestamp(DAYS[0]), "v2"]
    gate = next(row for row in project.run_results() if "rollout_accuracy_not_to_drop" in row["unique_id"])
    assert gate["failures"] == int(first_drop > 0.1), gate
