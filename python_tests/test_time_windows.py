"""Week and month windows: UTC calendar periods (weeks start on Monday), read from a
zoned `predicted_at` in a session whose time zone is not UTC, with rows exactly on
the boundaries; a rolling baseline of a week or month model compares each window
with the windows before it. The expectations are computed in pandas from the
generated frame."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from harness import DbtProject

SESSION_ZONE = "America/New_York"  # clocks go forward on 2026-03-08
# instants exactly on (or a hair before) a UTC month or week boundary
BOUNDARIES = pd.to_datetime([
    "2026-01-31 23:59:59.999", "2026-02-01 00:00:00", "2026-02-28 23:59:59", "2026-03-01 00:00:00",
    "2026-03-08 06:59:59", "2026-03-08 07:00:00", "2026-03-08 23:59:59", "2026-03-09 00:00:00",  # Sun / Mon
    "2026-04-30 23:59:59.5", "2026-05-01 00:00:00",
], format="ISO8601")
WEEK_DAYS = 14


def frame(seed: int = 5, per_day: int = 12) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = pd.date_range("2026-01-01", "2026-05-31", freq="D")
    seconds = rng.integers(0, 86400, (len(days), per_day))
    utc = pd.DatetimeIndex(np.concatenate([day + pd.to_timedelta(s, unit="s") for day, s in zip(days, seconds)]))
    utc = utc.append(BOUNDARIES)
    n = len(utc)
    truth = rng.integers(0, 2, n)
    # accuracy drifts from month to month, so that each month's baseline differs
    right = rng.random(n) < 0.55 + 0.08 * (utc.month.to_numpy() % 4)
    return pd.DataFrame({"prediction_id": [f"w{i:05d}" for i in range(n)], "utc": utc,
                         "predicted_label": np.where(right, truth, 1 - truth), "actual_label": truth})


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    rows = frame()
    rows["correct"] = rows.predicted_label == rows.actual_label
    rows["month"] = rows.utc.dt.to_period("M").dt.start_time
    rows["week"] = rows.utc.dt.to_period("W-SUN").dt.start_time  # weeks ending on Sunday: Monday starts
    return rows


@pytest.fixture(scope="module")
def project(tmp_path_factory, engine, data) -> DbtProject:
    project = DbtProject(tmp_path_factory.mktemp("time_windows"), engine)
    zoned = data.utc.dt.tz_localize("UTC").dt.tz_convert(SESSION_ZONE).map(lambda t: t.isoformat(sep=" "))
    project.write_seed("windowed_predictions", data[["prediction_id", "predicted_label", "actual_label"]].assign(predicted_at=zoned),
                       {"prediction_id": "string", "predicted_label": "integer", "actual_label": "integer",
                        "predicted_at": "timestamptz"})
    common = {"task": "binary_classification", "predictions": "windowed_predictions", "actuals": "windowed_predictions",
              "columns": {"predicted_label": "predicted_label", "actual_label": "actual_label"},
              "metrics": ["accuracy"]}
    project.vars = {"ml_tracing": {"models": [
        {**common, "name": "monthly", "window_grain": "month"},  # the default baseline: rolling
        {**common, "name": "weekly", "window_grain": "week", "baseline": {"kind": "rolling", "days": WEEK_DAYS}},
    ]}}
    # a session in another time zone: the zoned timestamps must still land on UTC periods
    if engine == "postgres":
        project.execute(f"alter database {project.database} set timezone to '{SESSION_ZONE}'")
        assert project.query("select current_setting('TimeZone') as zone").zone[0] == SESSION_ZONE
    elif engine == "duckdb":
        profiles = yaml.safe_load((project.root / "profiles.yml").read_text())
        profiles[project.name]["outputs"]["duckdb"]["settings"] = {"TimeZone": SESSION_ZONE}
        (project.root / "profiles.yml").write_text(yaml.safe_dump(profiles))
    project.build()
    return project


def performance(project, model: str) -> pd.DataFrame:
    rows = project.query(f"""select window_start, window_rows, metric_value, baseline_value, baseline_rows
        from {project.package_relation('ml_tracing__performance_over_time')}
        where model_name = '{model}' and metric_name = 'accuracy'""")
    return rows.assign(window_start=pd.to_datetime(rows.window_start)).set_index("window_start").sort_index()


@pytest.mark.also_on("postgres")
@pytest.mark.parametrize("model, period", [("monthly", "month"), ("weekly", "week")])
def test_week_and_month_windows_are_utc_calendar_periods(project, data, model, period):
    stored = project.query(f"""select prediction_id, window_start from {project.package_relation('ml_tracing__inferences')}
        where model_name = '{model}'""").set_index("prediction_id")
    expected = data.set_index("prediction_id")[period]
    assert len(stored) == len(expected)
    assert (pd.to_datetime(stored.window_start) == expected.loc[stored.index]).all()
    if period == "week":
        assert set(pd.to_datetime(stored.window_start).dt.day_name()) == {"Monday"}


@pytest.mark.also_on("postgres")
def test_month_windows_are_compared_with_the_month_before_by_default(project, data):
    got = performance(project, "monthly")
    months = data.groupby("month").correct
    assert list(got.index) == list(months.size().index)
    assert (got.window_rows == months.size()).all()
    assert got.metric_value.to_numpy() == pytest.approx(months.mean().to_numpy())
    # the default rolling baseline reaches the month before from every month, whatever its length
    assert got.baseline_value.iloc[1:].to_numpy() == pytest.approx(months.mean().iloc[:-1].to_numpy())
    assert list(got.baseline_rows.iloc[1:]) == list(months.size().iloc[:-1])
    assert pd.isna(got.baseline_value.iloc[0])


@pytest.mark.also_on("postgres")
def test_week_windows_are_compared_with_the_weeks_starting_in_the_days_before(project, data):
    got = performance(project, "weekly")
    for week, row in got.iterrows():
        earlier = data[(data.week >= week - pd.Timedelta(days=WEEK_DAYS)) & (data.week < week)]
        assert row.window_rows == (data.week == week).sum()
        if earlier.empty:
            assert pd.isna(row.baseline_value), week
        else:
            assert earlier.week.nunique() == min(2, (week - data.week.min()).days // 7)
            assert row.baseline_value == pytest.approx(earlier.correct.mean()), week
            assert row.baseline_rows == len(earlier), week


# Text timestamps: the forms a text `predicted_at` / `actual_observed_at` takes, each
# with its offset dropped (the wall-clock time read as UTC) on every engine. The wall
# clocks sit late or early in the day, so that honouring an offset would move a row
# to another day's window.
TEXT_FORMS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S+02:00", "%Y-%m-%d %H:%M:%S.%f-05:30",
              "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S+0200", "%Y-%m-%d"]


def text_frame(seed: int = 11, n: int = 140) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    day = pd.Timestamp("2026-03-01") + pd.to_timedelta(rng.integers(0, 6, n), unit="D")
    # 20:00 to 04:00, milliseconds
    wall = day + pd.to_timedelta(20 * 3600 * 1000 + rng.integers(0, 8 * 3600 * 1000, n), unit="ms")
    form = [TEXT_FORMS[i % len(TEXT_FORMS)] for i in range(n)]
    text = [t.strftime(f) for t, f in zip(wall, form)]
    observed = [(t + pd.Timedelta(hours=3)).strftime(f) for t, f in zip(wall, reversed(form))]
    truth = rng.integers(0, 2, n)
    return pd.DataFrame({"prediction_id": [f"t{i:04d}" for i in range(n)], "predicted_at": text,
                         "predicted_label": rng.integers(0, 2, n), "actual_label": truth, "actual_observed_at": observed})


def wall_clock(text: pd.Series) -> pd.Series:
    """pandas' reading of each text, its offset dropped: the wall-clock time as a naive timestamp."""
    return text.map(lambda value: pd.Timestamp(value).tz_localize(None))


def text_project(root, engine: str, rows: pd.DataFrame) -> DbtProject:
    project = DbtProject(root, engine)
    project.write_seed("text_predictions", rows, {
        "prediction_id": "string", "predicted_at": "string", "predicted_label": "integer", "actual_label": "integer",
        "actual_observed_at": "string"})
    project.vars = {"ml_tracing": {"models": [{
        "name": "texted", "task": "binary_classification", "predictions": "text_predictions", "actuals": "text_predictions",
        "columns": {"predicted_label": "predicted_label", "actual_label": "actual_label", "actual_observed_at": "actual_observed_at"},
        "metrics": ["accuracy"]}]}}
    return project


@pytest.fixture(scope="module")
def texted(tmp_path_factory, engine) -> tuple[DbtProject, pd.DataFrame]:
    rows = text_frame()
    project = text_project(tmp_path_factory.mktemp("text_times"), engine, rows)
    project.build()
    return project, rows


@pytest.mark.also_on("postgres", "spark")
def test_text_timestamps_keep_their_wall_clock_time_on_every_engine(texted):
    project, rows = texted
    stored = project.query(f"""select prediction_id, predicted_at, window_start, actual_observed_at
        from {project.package_relation('ml_tracing__inferences')}""").set_index("prediction_id").loc[rows.prediction_id]
    assert (rows.predicted_at.str.len() == len("2026-03-01")).any()  # date-only text
    assert (pd.to_datetime(stored.predicted_at).to_numpy() == wall_clock(rows.predicted_at).to_numpy()).all()
    assert (pd.to_datetime(stored.window_start).to_numpy() == wall_clock(rows.predicted_at).dt.floor("D").to_numpy()).all()
    assert (pd.to_datetime(stored.actual_observed_at).to_numpy() == wall_clock(rows.actual_observed_at).to_numpy()).all()
    # the data tells the readings apart: honouring the offsets would move rows to other days
    honoured = rows.predicted_at.map(pd.Timestamp).map(lambda t: t.tz_convert("UTC").tz_localize(None) if t.tzinfo else t)
    assert (honoured.dt.floor("D").to_numpy() != pd.to_datetime(stored.window_start).to_numpy()).any()


@pytest.mark.also_on("postgres", "spark")
def test_unparseable_text_timestamp_stops_the_build_naming_the_value(tmp_path, engine):
    """On every engine the build fails at the first table that reads the staged rows.
    On Spark the cast alone would not fail (dbt-spark turns ANSI mode off): the row
    was rejected as `missing_predicted_at`."""
    rows = text_frame(n=6)
    rows.loc[3, "predicted_at"] = "not a time"
    project = text_project(tmp_path, engine, rows)
    project.dbt("deps")
    result = project.dbt("build", expect_success=False)
    assert "not a time" in result.stdout, result.stdout[-3000:]
    results = {row["unique_id"].split(".")[-1]: row["status"] for row in project.run_results()}
    assert results["int_ml_tracing__prediction_checks"] == "error", results
