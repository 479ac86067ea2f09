import pytest

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
