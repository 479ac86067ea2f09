"""The planner settings the slice rollup runs with on DuckDB (mlt_rollup_settings) are
set by its pre-hook, before its query, and reset by its post-hook. (Whether they would
reach a later model is not testable here: dbt-duckdb runs each model on a cursor of
its own, so a user model built after the rollup sees the default either way.)"""
from __future__ import annotations

import re

ROLLUP = "int_ml_tracing__slice_rollup"


def rollup_statements(project) -> list[str]:
    """The SQL the rollup's node ran, in order, from dbt's debug log."""
    log = (project.root / "logs" / "dbt.log").read_text()
    return re.findall(r"On model\.ml_tracing\." + ROLLUP + r": (.*?)(?=\n\S*\[0m\d\d:\d\d)", log, re.S)


def test_rollup_query_runs_between_setting_and_reset(slices_project):
    statements = rollup_statements(slices_project)
    position = {
        "set": next(i for i, s in enumerate(statements) if "set disabled_optimizers = 'projection_pullup'" in s),
        "query": next(i for i, s in enumerate(statements) if re.search(r"create\s+table", s) and "grouping sets" in s),
        "reset": next(i for i, s in enumerate(statements) if "reset disabled_optimizers" in s),
    }
    assert position["set"] < position["query"] < position["reset"], position
