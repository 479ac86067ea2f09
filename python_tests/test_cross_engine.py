"""Same numbers on every engine: the marts built on PostgreSQL or Spark hold the same
rows as the marts DuckDB builds from the same data, every value within a tolerance
of 1e-9 relative (1e-12 absolute: floating-point sums in another order), and the
impact ranking agrees up to slices whose scores tie within that tolerance."""
from __future__ import annotations

import datetime
import decimal
import re

import numpy as np
import pandas as pd
import pytest

from demo_project import demo_project
from slices_project import build_slices_project

pytestmark = pytest.mark.all_engines

RTOL, ATOL = 1e-9, 1e-12

# the grain of each mart: the columns that identify a row
MARTS = {
    "ml_tracing__inferences": ["model_name", "prediction_id"],
    "ml_tracing__slice_metrics": ["model_name", "window_start", "metric_name", "slice_key"],
    "ml_tracing__slice_impact": ["model_name", "window_start", "metric_name", "slice_key"],
    "ml_tracing__performance_over_time": ["model_name", "window_start", "metric_name"],
    "ml_tracing__feature_drift": ["model_name", "window_start", "feature_name"],
    "ml_tracing__data_quality": ["model_name", "window_start", "check_name", "subject"],
    "ml_tracing__alerts": ["model_name", "window_start", "check_name", "subject"],
}


@pytest.fixture(scope="module", autouse=True)
def other_engine(engine):
    if engine == "duckdb":
        pytest.skip("compares another engine with DuckDB: run with --engine postgres or --engine spark")


@pytest.fixture(scope="module")
def duckdb_demo(tmp_path_factory):
    project = demo_project(tmp_path_factory.mktemp("demo_duckdb"), "duckdb")
    project.build()
    return project


@pytest.fixture(scope="module")
def duckdb_slices(tmp_path_factory, inputs):
    return build_slices_project(tmp_path_factory.mktemp("slices_duckdb"), "duckdb", inputs)


@pytest.fixture(params=["demo", "slices"])
def project_pair(request, demo, slices_project, duckdb_demo, duckdb_slices):
    """(the project built on the engine under test, the same project built on DuckDB)."""
    if request.param == "demo":
        return demo[0], duckdb_demo
    return slices_project, duckdb_slices


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """Engine-neutral values: numbers (and booleans) as floats, dates and timestamps as
    pandas timestamps, everything else as text; NULL as NaN / None."""
    columns = {}
    for name in frame.columns:
        values = [v for v in frame[name].astype(object) if not pd.isna(v)]
        sample = values[0] if values else None
        if isinstance(sample, (bool, np.bool_, int, np.integer, float, np.floating, decimal.Decimal)):
            columns[name] = [np.nan if pd.isna(v) else float(v) for v in frame[name].astype(object)]
        elif isinstance(sample, (datetime.date, pd.Timestamp, np.datetime64)):
            columns[name] = pd.to_datetime(frame[name].astype(object))
        else:
            columns[name] = [None if pd.isna(v) else str(v) for v in frame[name].astype(object)]
    return pd.DataFrame(columns)


def _mart(project, mart: str) -> pd.DataFrame:
    # built_at is when each build ran, not a computed value; each engine has its own
    # hash function for the slice bins' checksum
    frame = _normalised(project.table(mart).drop(columns=["built_at", "slice_bins_checksum"], errors="ignore"))
    frame.columns = [c.lower() for c in frame.columns]
    if project.engine == "spark" and "slice_predicate" in frame.columns:
        # Spark's literals escape a backslash: its predicates write one doubled
        frame["slice_predicate"] = frame.slice_predicate.str.replace("\\\\", "\\", regex=False)
    return frame.sort_values(MARTS[mart]).reset_index(drop=True)


@pytest.mark.parametrize("mart", list(MARTS))
def test_mart_matches_duckdb(project_pair, mart):
    project, reference = project_pair
    got, expected = _mart(project, mart), _mart(reference, mart)
    assert sorted(got.columns) == sorted(expected.columns)
    keys = MARTS[mart]
    assert len(got) == len(expected) > 0
    pd.testing.assert_frame_equal(got[keys], expected[keys], check_dtype=False)
    for column in expected.columns:
        if column in keys or (mart == "ml_tracing__slice_impact" and column == "impact_rank"):
            continue
        if pd.api.types.is_numeric_dtype(expected[column]) and not pd.api.types.is_bool_dtype(expected[column]):
            close = np.isclose(got[column].astype(float), expected[column].astype(float), rtol=RTOL, atol=ATOL,
                               equal_nan=True)
            assert close.all(), (column, got.loc[~close, keys + [column]].head(), expected.loc[~close, column].head())
        else:
            assert list(got[column]) == list(expected[column]), column


def test_impact_ranking_matches_duckdb(project_pair):
    """Within each window and metric, the engine's ranking orders the slices by their
    DuckDB impact score (ties within the tolerance may come in either order)."""
    project, reference = project_pair
    keys = MARTS["ml_tracing__slice_impact"]
    got = _mart(project, "ml_tracing__slice_impact")
    scores = _mart(reference, "ml_tracing__slice_impact")[keys + ["impact_score"]]
    ranked = got[keys + ["impact_rank"]].merge(scores, on=keys, validate="one_to_one")
    for _, part in ranked.groupby(["model_name", "window_start", "metric_name"]):
        ordered = part.sort_values("impact_rank")
        assert list(ordered.impact_rank) == list(range(1, len(part) + 1))
        steps = np.diff(ordered.impact_score.to_numpy())
        assert (steps <= ATOL + RTOL * np.abs(ordered.impact_score.to_numpy()[1:])).all()


def test_postgres_tables_are_analyzed_as_they_are_written(demo, engine):
    """On PostgreSQL each package table is analyzed by its post-hook
    (mlt_refresh_statistics): a table written in the same run has no statistics
    otherwise, and the next model plans for one row. Views have none to gather."""
    if engine != "postgres":
        pytest.skip("PostgreSQL's statistics")
    project, _ = demo
    schema = f"{project.schema}_ml_tracing"
    tables = project.query(
        "select tables.table_name, stats.last_analyze from information_schema.tables as tables "
        "left join pg_stat_user_tables as stats "
        "on stats.schemaname = tables.table_schema and stats.relname = tables.table_name "
        f"where tables.table_schema = '{schema}' and tables.table_type = 'BASE TABLE'")
    assert len(tables) >= 10
    assert tables.last_analyze.notna().all(), tables[tables.last_analyze.isna()].table_name.tolist()


def _grouping_strategies(plan: dict) -> list[str]:
    """The strategy (Hashed, Sorted, Mixed) of every grouping aggregate in a plan."""
    found = [plan["Strategy"]] if plan["Node Type"] == "Aggregate" and "Group Key" in plan else []
    for child in plan.get("Plans", []):
        found += _grouping_strategies(child)
    return found


def test_postgres_slice_grouping_is_hashed(demo, engine):
    """On PostgreSQL the slice tuples and rollup run with sorting off for their
    transaction (pre-hook mlt_grouping_settings): the rollup's grouping queries read
    CTEs, which have no statistics, so PostgreSQL expects as many groups as rows and
    would sort each input. The build ran the hook on both; under a `work_mem` too
    small for the expected groups the rollup's plan hashes every grouping with it,
    and sorts without it."""
    if engine != "postgres":
        pytest.skip("PostgreSQL's planner")
    project, _ = demo
    log = "\n".join(path.read_text(errors="replace") for path in (project.root / "logs").glob("dbt.log*"))
    for model in ["int_ml_tracing__slice_tuples", "int_ml_tracing__slice_rollup"]:
        hooks = re.findall(rf"On model\.ml_tracing\.{model}: /\*.*?\*/\s*(set local [^\n]+)", log)
        assert "set local enable_sort = off" in hooks, (model, hooks)

    compiled = project.compiled_sql("int_ml_tracing__slice_rollup")

    def strategies(settings: str) -> list[str]:
        plan = project.query(f"set local work_mem = '64kB'; {settings} explain (format json) {compiled}").iloc[0, 0]
        return _grouping_strategies(plan[0]["Plan"])

    with_hook, without = strategies("set local enable_sort = off;"), strategies("")
    assert len(with_hook) >= 10 and set(with_hook) == {"Hashed"}, with_hook
    assert "Sorted" in without, without


def test_spark_runs_the_pruned_search_step_by_step(slices_project, engine):
    """On Spark the rollup's pre-hook builds one table per step of each pruned search
    (stage_slice_search; the test project searches all three tasks pruned), the
    model's query reads the last step's table, and the post-hook drops the steps'
    tables; the marts above match DuckDB's."""
    if engine != "spark":
        pytest.skip("Spark's staged slice search")
    project = slices_project
    schema = f"{project.schema}_ml_tracing"
    prefix = "int_ml_tracing__slice_rollup__"
    log = "\n".join(path.read_text(errors="replace") for path in (project.root / "logs").glob("dbt.log*"))
    staged = re.findall(rf"create table {schema}\.{prefix}(\w+) using parquet as", log)
    pruned = re.findall(r"^(\w+)_level_1$", "\n".join(staged), flags=re.MULTILINE)
    assert len(pruned) == 3, staged
    for model in pruned:
        assert {f"{model}_level_2", f"{model}_flagged_1", f"{model}_slices"} <= set(staged), (model, staged)
    compiled = project.compiled_sql("int_ml_tracing__slice_rollup")
    for model in pruned:
        assert f"from {schema}.{prefix}{model}_slices" in compiled
        assert f"\n{model}_level_1 as (" not in compiled
    assert not [table for table in project.tables(schema) if table.startswith(prefix)]
