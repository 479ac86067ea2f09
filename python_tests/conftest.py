import subprocess
from dataclasses import dataclass

import pandas as pd
import pytest

from demo_project import demo_project
from harness import ENGINES, stop_engines
from slices_project import build_slices_project, generate_inputs


def pytest_addoption(parser):
    parser.addoption(
        "--engine",
        default="duckdb",
        choices=list(ENGINES),
        help="warehouse engine the throwaway dbt projects run on",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "all_engines: runs on every engine; the rest of the suite runs on DuckDB")
    config.addinivalue_line("markers", "also_on(*engines): runs on DuckDB and on the engines named")


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL and Spark only the tests marked `all_engines` (the demo build, the
    marts compared with DuckDB's, the gates) or `also_on` that engine run; the others skip."""
    engine = config.getoption("--engine")
    if engine == "duckdb":
        return
    skip = pytest.mark.skip(reason=f"DuckDB-only test: {engine} runs the demo, the gates and the DuckDB comparison")
    for item in items:
        also_on = item.get_closest_marker("also_on")
        if "all_engines" not in item.keywords and not (also_on and engine in also_on.args):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def engine(request) -> str:
    return request.config.getoption("--engine")


@pytest.fixture(scope="session", autouse=True)
def engine_processes():
    """Stop the PostgreSQL server and the Spark JVM (started on first use) at the end."""
    yield
    stop_engines()


@pytest.fixture(scope="session")
def inputs():
    return generate_inputs()


@pytest.fixture(scope="session")
def slices_project(tmp_path_factory, engine, inputs):
    """Built once per session and shared: every test reads its marts."""
    return build_slices_project(tmp_path_factory.mktemp("slices"), engine, inputs)


@pytest.fixture(scope="session")
def demo(tmp_path_factory, engine):
    """The demo project, built on the drifted scenario (its gates warn)."""
    project = demo_project(tmp_path_factory.mktemp("demo"), engine)
    project.build()
    return project, project.vars["ml_tracing"]["models"][0]


@dataclass
class UnlabeledDay:
    project: object
    build: subprocess.CompletedProcess
    results: list  # of the build: later commands on the project overwrite run_results.json
    last_day: pd.Timestamp
    unlabeled: set


@pytest.fixture(scope="session")
def unlabeled_day(tmp_path_factory, engine) -> UnlabeledDay:
    """The demo whose newest day's predictions have no actual yet (labels are late),
    built with its gates at `error`: the drifted period fails them."""
    project = demo_project(tmp_path_factory.mktemp("unlabeled_day"), engine)
    predictions = pd.read_csv(project.root / "seeds" / "ml_tracing_demo_fraud_predictions.csv",
                              parse_dates=["predicted_at"])
    actuals_csv = project.root / "seeds" / "ml_tracing_demo_fraud_actuals.csv"
    actuals = pd.read_csv(actuals_csv, dtype=str, keep_default_na=False)
    day = predictions.predicted_at.dt.floor("D")
    last_day = day.max()
    unlabeled = set(predictions.prediction_id[day == last_day])
    actuals[~actuals.prediction_id.isin(unlabeled)].to_csv(actuals_csv, index=False)
    project.dbt("deps")
    build = project.dbt("build", expect_success=False, vars={**project.vars, "ml_tracing_demo_severity": "error"})
    return UnlabeledDay(project, build, project.run_results(), last_day, unlabeled)
