"""`make test`: the pytest suite on each engine named.

DuckDB runs the whole suite; PostgreSQL and Spark run its cross-engine part. A
test run keeps about one core busy (dbt's Python, then short queries), so with
several engines the suite runs in two lanes at once: DuckDB in one, the other
engines one after the other in the second. Each line is printed with its engine's
name, each engine's output is kept in build/test-logs/<engine>.log, and its
temporary projects (with their dbt logs) in build/pytest/<engine>/.
"""
from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
LOGS = REPO_ROOT / "build" / "test-logs"
TEMP = REPO_ROOT / "build" / "pytest"
print_lock = threading.Lock()


def lanes(engines: list[str]) -> list[list[str]]:
    """DuckDB alone in the first lane, the other engines in order in the second."""
    first = [engine for engine in engines if engine == "duckdb"]
    second = [engine for engine in engines if engine != "duckdb"]
    return [lane for lane in (first, second) if lane]


def run_engine(engine: str, pytest_args: list[str]) -> tuple[int, float, str]:
    """Run the suite on one engine; its exit status, seconds and pytest's last line."""
    command = [sys.executable, "-m", "pytest", "python_tests", "--engine", engine, "--durations=10",
               f"--basetemp={TEMP / engine}", *pytest_args]
    started = time.monotonic()
    last_line = ""
    with open(LOGS / f"{engine}.log", "w") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        for line in process.stdout:
            log.write(line)
            log.flush()
            last_line = line.strip() or last_line
            with print_lock:
                print(f"[{engine:<8}] {line}", end="", flush=True)
        status = process.wait()
    return status, time.monotonic() - started, last_line


def run_lane(engines: list[str], pytest_args: list[str], results: dict) -> None:
    for engine in engines:
        results[engine] = run_engine(engine, pytest_args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("engines", nargs="+", choices=["duckdb", "postgres", "spark"])
    parser.add_argument("--pytest-args", default="", help='extra pytest arguments, one string (e.g. "-k slice")')
    args = parser.parse_args()
    LOGS.mkdir(parents=True, exist_ok=True)
    TEMP.mkdir(parents=True, exist_ok=True)
    pytest_args = shlex.split(args.pytest_args)
    results: dict[str, tuple[int, float, str]] = {}
    threads = [threading.Thread(target=run_lane, args=(lane, pytest_args, results)) for lane in lanes(args.engines)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("\n== make test: one line per engine")
    for engine in args.engines:
        status, seconds, last_line = results.get(engine, (1, 0.0, "did not run (see the error above)"))
        print(f"{engine:<8} {'passed' if status == 0 else f'FAILED (exit {status})':<16} {seconds / 60:5.1f} min  "
              f"{last_line}")
    return 0 if all(results.get(engine, (1,))[0] == 0 for engine in args.engines) else 1


if __name__ == "__main__":
    sys.exit(main())
