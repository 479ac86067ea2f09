"""The fraud demo: the data generator, the demo project's build, and its story —
the slice dragging recall down most involves scammeds.com."""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys

import numpy as np
import pytest

from demo_project import generate, latest_judged_recall_impacts, ranked
from harness import REPO_ROOT


def test_generator_is_deterministic(tmp_path):
    generate(tmp_path / "a")
    generate(tmp_path / "b")
    for name in ["ml_tracing_demo_fraud_predictions.csv", "ml_tracing_demo_fraud_actuals.csv"]:
        digests = {hashlib.sha256((tmp_path / d / name).read_bytes()).hexdigest() for d in "ab"}
        assert len(digests) == 1, name


@pytest.mark.all_engines
def test_the_readme_flag_keeps_dbt_from_warning_about_the_users_models(demo):
    """The staging models ref the demo's own fraud_predictions: with the flag the
    README gives, dbt parses without its warning (event I077)."""
    project, _ = demo
    log = "\n".join(path.read_text(errors="replace") for path in (project.root / "logs").glob("dbt.log*"))
    assert "fraud_predictions" in log and "depends on the root project node" not in log


def test_top_slice_of_the_latest_window_involves_scammeds(demo):
    project, config = demo
    top = project.query(f"""
        select slice_key, impact_score from {project.package_relation('ml_tracing__slice_impact')}
        where metric_name = 'recall' and impact_rank = 1
          and window_start = (select max(window_start) from {project.package_relation('ml_tracing__slice_impact')})
    """)
    assert "merchant_id=scammeds.com" in top.slice_key.iloc[0]


@pytest.mark.all_engines
def test_latest_window_ranking_matches_pandas(demo):
    """Recompute every slice's recall impact of the latest window in pandas."""
    project, config = demo
    window, scores = latest_judged_recall_impacts(project, config)
    expected = ranked(scores)[:10]

    got = project.query(f"""
        select slice_key, impact_score from {project.package_relation('ml_tracing__slice_impact')}
        where metric_name = 'recall' and window_start = '{window.date()}' and impact_rank <= 10
        order by impact_rank
    """)
    assert len(scores) == len(project.query(f"""
        select 1 from {project.package_relation('ml_tracing__slice_impact')}
        where metric_name = 'recall' and window_start = '{window.date()}'"""))
    assert [k for k, _ in expected] == list(got.slice_key)
    assert np.allclose([v for _, v in expected], got.impact_score, rtol=1e-9, atol=1e-12)


@pytest.mark.all_engines
def test_slice_counts_are_stored_as_64_bit_integers(demo, engine):
    """The slice tuples and rollup sum counts (`n_*`, `class_*`) as bigint, not as the
    wider type each engine's sum would give (DuckDB HUGEINT, PostgreSQL numeric for
    a sum of bigints); the other components stay floating point."""
    project, _ = demo
    for model in ["int_ml_tracing__slice_tuples", "int_ml_tracing__slice_rollup"]:
        relation = project.package_relation(model)
        if engine == "postgres":
            schema, table = relation.split(".")
            columns = project.query(
                "select column_name as name, data_type as type from information_schema.columns "
                f"where table_schema = '{schema}' and table_name = '{table}'")
        else:
            described = project.query(f"describe {relation}")
            columns = described.iloc[:, :2].set_axis(["name", "type"], axis=1)
        types = dict(zip(columns.name, columns.type.str.lower()))
        counts = [name for name in types if name.startswith(("n_", "class_"))]
        floats = [name for name in types if name.startswith(("sum_", "calibration_residual_"))]
        assert len(counts) >= 3 and floats, (model, types)
        assert {types[name] for name in counts} == {"bigint"}, (model, types)
        assert {types[name] for name in floats} <= {"double", "double precision"}, (model, types)


@pytest.mark.all_engines
def test_rollup_queries_hold_the_engines_number_of_grouping_sets(demo, engine):
    """Without `grouping_sets_per_query`, a rollup query holds one grouping set on
    PostgreSQL (mlt_grouping_sets_per_query: it would sort the tuples once per set),
    up to Spark's cap of 32 there, and up to 256 on DuckDB. On Spark the pruned
    search's queries are the steps the rollup's pre-hook runs (staged_slice_search),
    read from dbt's log."""
    project, _ = demo
    compiled = (project.root / "target" / "compiled" / "ml_tracing" / "models" / "intermediate"
                / "int_ml_tracing__slice_rollup.sql").read_text()
    if engine == "spark":
        log = "\n".join(path.read_text(errors="replace") for path in (project.root / "logs").glob("dbt.log*"))
        steps = re.findall(r"create table \S+\.int_ml_tracing__slice_rollup__\w+ using parquet as\n(.*?)"
                           r"(?=\n\S*\d\d:\d\d:\d\d\.\d+ \[|\Z)", log, flags=re.S)
        assert steps
        compiled += "\n".join(steps)
    blocks = re.findall(r"group by grouping sets \((.*?)\n\s*\)", compiled, flags=re.S)
    sets_per_query = [len(re.findall(r"^\s*\(", block, flags=re.M)) for block in blocks]
    assert len(blocks) >= 3 and min(sets_per_query) >= 1, sets_per_query
    cap = {"postgres": 1, "spark": 32, "duckdb": 256}[engine]
    assert max(sets_per_query) <= cap, sets_per_query
    if engine != "postgres":  # the demo's levels have more sets than one
        assert max(sets_per_query) > 1, sets_per_query


def test_demo_summary_leads_with_the_top_slice_and_lists_the_errors(demo, engine):
    """What `make demo` prints (scripts/show_demo_results.py, on the DuckDB warehouse):
    the latest window's slices led by the one pandas ranks first, and that window's
    error alerts as their messages."""
    if engine != "duckdb":
        pytest.skip("the summary script reads a DuckDB database")
    project, config = demo
    window, scores = latest_judged_recall_impacts(project, config)
    printed = subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "show_demo_results.py"),
                              "--database", str(project.root / "warehouse.duckdb")],
                             capture_output=True, text=True, check=True).stdout
    sections = {block.split("\n")[0]: block.split("\n")[3:] for block in printed.strip().split("\n\n")}
    [top_slices] = [rows for title, rows in sections.items() if title.startswith("Top 10 slices")]
    assert len(top_slices) == 10 and f"{window.date()}" in top_slices[0]
    assert re.search(rf"\s{re.escape(ranked(scores)[0][0])}\s{{2,}}", top_slices[0]), top_slices[0]
    errors = project.query(f"""
        select alert_message from {project.package_relation('ml_tracing__alerts')}
        where severity = 'error' and window_start = '{window.date()}'
    """)
    printed_errors = sections["The latest window's errors, as a notification would read them"]
    assert len(errors) and sorted(line.strip() for line in printed_errors) == sorted(errors.alert_message)
