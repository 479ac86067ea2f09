import pytest


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
