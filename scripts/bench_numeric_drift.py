"""Benchmark of the KS path: `int_ml_tracing__numeric_drift` against a baseline shared
by every window.

    python scripts/bench_numeric_drift.py --days 60 --rows-per-day 50000
    python scripts/bench_numeric_drift.py --package /path/to/another/checkout   # the same data, another version

Data: `days` daily windows of `rows-per-day` predictions with two continuous numeric
drift features (x drifts by 0.2 a day, y does not; nearly every value distinct), in a
throwaway dbt project on DuckDB whose model's baseline is the first `baseline-days`
days (fixed_period): every window's KS reads that baseline. The project is built up
to the feature values once; then `dbt run` of int_ml_tracing__numeric_drift alone is
timed `repeat` times (dbt's own timing of the model). It prints the times and a
SHA-256 of the model's rows, sorted, to compare two versions' results.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
MODEL = "int_ml_tracing__numeric_drift"


def write_project(root: Path, args) -> None:
    import duckdb
    import yaml

    (root / "models").mkdir(parents=True)
    with duckdb.connect(str(root / "bench.duckdb")) as connection:
        connection.execute(f"""
            create table predictions as
            select
                'p' || i as prediction_id,
                timestamp '2026-06-01' + to_days(i // {args.rows_per_day}) + to_seconds(i % 86400) as predicted_at,
                hash(i, 'x') % 100000000 / 1e6 + (i // {args.rows_per_day}) * 0.2 as x,
                hash(i, 'y') % 1000000000 / 1e9 as y,
                (hash(i, 'predicted') % 10 < 3)::integer as predicted_label,
                (hash(i, 'actual') % 10 < 3)::integer as actual_label
            from range({args.days * args.rows_per_day}) as r(i)
        """)
    target = {"type": "duckdb", "path": str(root / "bench.duckdb"), "threads": 2}
    (root / "profiles.yml").write_text(yaml.safe_dump({"bench": {"target": "duckdb", "outputs": {"duckdb": target}}}))
    (root / "packages.yml").write_text(yaml.safe_dump({"packages": [{"local": str(Path(args.package).resolve())}]}))
    sources = {"version": 2, "sources": [{"name": "bench", "schema": "main", "tables": [{"name": "predictions"}]}]}
    (root / "models" / "sources.yml").write_text(yaml.safe_dump(sources))
    baseline_end = (date(2026, 6, 1) + timedelta(days=args.baseline_days)).isoformat()  # exclusive
    model = {"name": "bench", "task": "binary_classification", "predictions": {"source": ["bench", "predictions"]},
             "columns": {"predicted_label": "predicted_label", "actual_label": "actual_label"},
             "slice_columns": [], "features": ["x", "y"], "metrics": ["accuracy"],
             "baseline": {"kind": "fixed_period", "start": "2026-06-01", "end": baseline_end}}
    project = {"name": "bench", "version": "1.0.0", "config-version": 2, "profile": "bench",
               "vars": {"ml_tracing": {"models": [model]}}}
    (root / "dbt_project.yml").write_text(yaml.safe_dump(project, sort_keys=False))


def dbt(root: Path, *args: str) -> None:
    command = [str(Path(sys.executable).parent / "dbt"), *args, "--project-dir", str(root), "--profiles-dir", str(root)]
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed:\n{result.stdout[-4000:]}")


def result_digest(root: Path) -> tuple[int, str]:
    """The model's row count and a SHA-256 of its rows, sorted."""
    import duckdb

    with duckdb.connect(str(root / "bench.duckdb"), read_only=True) as connection:
        rows = connection.execute(f"select * from main_ml_tracing.{MODEL} order by all").fetchall()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--rows-per-day", type=int, default=50_000)
    parser.add_argument("--baseline-days", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--package", default=str(REPO_ROOT), help="the ml_tracing checkout to measure")
    parser.add_argument("--work", default=str(REPO_ROOT / "bench" / "numeric_drift"))
    args = parser.parse_args()
    root = Path(args.work).resolve()
    shutil.rmtree(root, ignore_errors=True)
    write_project(root, args)
    dbt(root, "deps")
    dbt(root, "run", "--select", f"+{MODEL}", "--exclude", MODEL)
    print(f"{args.days} windows x {args.rows_per_day:,} rows, 2 numeric features, baseline the first "
          f"{args.baseline_days} days ({args.baseline_days * args.rows_per_day:,} values a feature); package {args.package}")
    for attempt in range(1, args.repeat + 1):
        dbt(root, "run", "--select", MODEL)
        [result] = json.loads((root / "target" / "run_results.json").read_text())["results"]
        print(f"  run {attempt}: {MODEL} {result['execution_time']:.1f} s")
    rows, digest = result_digest(root)
    print(f"  {rows} rows, sha256 {digest}")


if __name__ == "__main__":
    main()
