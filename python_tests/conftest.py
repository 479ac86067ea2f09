import pytest

from demo_project import demo_project
from slices_project import build_slices_project, generate_inputs


def pytest_addoption(parser):
    parser.addoption(
        "--engine",
        default="duckdb",
        choices=["duckdb"],
        help="warehouse engine the throwaway dbt projects run on",
    )


@pytest.fixture(scope="session")
def engine(request) -> str:
    return request.config.getoption("--engine")


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
