"""Benchmark: ml_tracing's slice marts against the naive single GROUPING SETS query
and the sliceline package, on the same generated data with a planted bad slice.

    python scripts/bench.py --rows 1000000 --columns 8 --depth 3 --engine duckdb

Data: `rows` predictions on one day, `columns` categorical slice columns c00, c01, ...
with cardinalities cycling through 50, 20, 2000, 5, 10, 3, 100, 7, a binary label
and prediction (10% errors), and a planted slice `c01=v3 & c03=v1` (1% of the rows)
with 50% errors. It is generated with DuckDB into the warehouse of a throwaway dbt
project that installs this package by local path. The metric is accuracy.

Engines: `duckdb` (the project's own file) or `postgres` (a local server started for
the run, as the tests start it: durability off, default memory settings; the rows
are copied in). On PostgreSQL the CPU time and peak memory are the measured
process's only: the queries run in the server's processes.

Timed, each in its own process (wall time, CPU time in the process (user) and in the
kernel for it (system), and peak resident memory of that process):
  inference store  dbt build of staging and ml_tracing__inferences (shared input)
  ml_tracing       dbt build of the slice models and marts (slice_search: pruned)
  dbt_floor        dbt build of the same project selecting nothing: start-up and parsing,
                   the least any dbt build costs here
  dbt_compile      dbt compile of every ml_tracing model and test: what the configuration
                   and the SQL's Jinja cost, which grows with the monitored models
  naive            one GROUPING SETS query over the raw rows, every combination up to
                   the depth, ranked by the same impact score
  sliceline        sliceline.Slicefinder (max_l = depth, k = 10, alpha = 0.99: with
                   0.95 its size penalty leaves no slice with a positive score at
                   100,000 rows) on the rows as a
                   pandas frame with the misclassification as error, when it fits
With `--models N` the project monitors N models (bench, bench_2, ...) that read the
same rows: the inference store and the slice marts hold N times the rows, and the
slices compared are model bench's. Each finds its top 10 slices; the table gives the planted slice's rank among them
and whether the top 10 equal the naive plan's (the same slices in the same order).
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
CARDINALITIES = [50, 20, 2000, 5, 10, 3, 100, 7]
PLANTED = {"c01": "v3", "c03": "v1"}
TOP = 10
MIN_SLICE_ROWS = 30


def column_names(count: int) -> list[str]:
    return [f"c{i:02d}" for i in range(count)]


# -- data ----------------------------------------------------------------------
def generate(database: Path, rows: int, columns: int, seed: int, days: int = 1, first_day: int = 0,
             mode: str = "replace") -> None:
    """`rows` predictions spread over `days` days starting `first_day` days after
    2026-06-01; mode `append` adds them to the tables."""
    import duckdb

    names = column_names(columns)
    values = ",\n".join(
        f"'v' || (hash(i, {seed}, {k}) % {CARDINALITIES[k % len(CARDINALITIES)]}) as {name}"
        for k, name in enumerate(names)
    )
    planted = " and ".join(f"{column} = '{value}'" for column, value in PLANTED.items())
    offset = first_day * rows // max(days, 1)
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"""
            create or replace temp table bench_rows as
            select
                'p' || i as prediction_id,
                timestamp '2026-06-01' + to_days({first_day} + (i - {offset}) * {days} // {rows})
                    + to_seconds(i % 86400) as predicted_at,
                {values},
                (hash(i, {seed}, 'label') % 100 < 30)::integer as actual_label,
                hash(i, {seed}, 'error') % 100 as error_draw
            from range({offset}, {offset} + {rows}) as r(i)
        """)
        create = "insert into {} select" if mode == "append" else "create or replace table {} as select"
        connection.execute(f"""
            {create.format('bench_predictions')}
                prediction_id, predicted_at, {', '.join(names)},
                case when error_draw < (case when {planted} then 50 else 10 end)
                    then 1 - actual_label else actual_label end as predicted_label
            from bench_rows
        """)
        connection.execute(f"""
            {create.format('bench_actuals')} prediction_id, actual_label, predicted_at + interval 1 hour as labeled_at
            from bench_rows
        """)
        connection.execute("drop table bench_rows")


# PostgreSQL types of the generated columns (the slice columns are text)
POSTGRES_TYPES = {"prediction_id": "text", "predicted_at": "timestamp", "labeled_at": "timestamp",
                  "predicted_label": "integer", "actual_label": "integer"}


def copy_to_postgres(root: Path) -> None:
    """The generated tables, copied from the project's DuckDB file into its PostgreSQL
    database (replacing them)."""
    import duckdb

    with duckdb.connect(str(root / "bench.duckdb"), read_only=True) as source:
        target = connect(root)
        try:
            cursor = target.cursor()
            cursor.execute("create schema if not exists main")
            for table in ["bench_predictions", "bench_actuals"]:
                columns = [name for name, in source.execute(
                    f"select column_name from information_schema.columns where table_name = '{table}' "
                    "order by ordinal_position").fetchall()]
                csv = root / f"{table}.csv"
                source.execute(f"copy {table} to '{csv}' (header)")
                cursor.execute(f"drop table if exists main.{table}")
                cursor.execute(f"create table main.{table} ("
                               + ", ".join(f"{name} {POSTGRES_TYPES.get(name, 'text')}" for name in columns) + ")")
                with csv.open() as rows:
                    cursor.copy_expert(f"copy main.{table} from stdin with (format csv, header)", rows)
                csv.unlink()
                cursor.execute(f"analyze main.{table}")
        finally:
            target.close()


# -- the warehouse -------------------------------------------------------------
def connect(root: Path):
    """A DB-API connection to the project's warehouse (warehouse.json; DuckDB read-only)."""
    target = json.loads((root / "warehouse.json").read_text())
    if target["type"] == "duckdb":
        import duckdb

        return duckdb.connect(target["path"], read_only=True)
    import psycopg2

    connection = psycopg2.connect(host=target["host"], port=target["port"], user=target["user"],
                                  dbname=target["dbname"])
    connection.autocommit = True
    return connection


def fetch(root: Path, query: str):
    """The query's rows as a pandas frame."""
    import pandas as pd

    connection = connect(root)
    try:
        cursor = connection.cursor()
        cursor.execute(query)
        return pd.DataFrame(cursor.fetchall(), columns=[column[0] for column in cursor.description])
    finally:
        connection.close()


def start_postgres():
    """A throwaway local PostgreSQL server, the one the tests use (stopped at exit)."""
    sys.path.insert(0, str(REPO_ROOT / "python_tests"))
    from postgres_server import PostgresServer

    return PostgresServer().start()


def write_project(root: Path, columns: int, depth: int, server=None, models: int = 1, features: int = 0) -> None:
    """The throwaway project and its warehouse: the DuckDB file, or a database of
    `server` named after the project folder; `models` monitored models on the same rows,
    their first `features` slice columns also drift features."""
    import yaml

    (root / "models").mkdir(parents=True, exist_ok=True)
    if server is None:
        target = {"type": "duckdb", "path": str(root / "bench.duckdb"), "threads": 2}
    else:
        database = re.sub(r"\W", "_", root.name.lower())
        server.create_database(database)
        target = {"type": "postgres", "host": server.host, "port": server.port, "user": server.user,
                  "password": "", "dbname": database, "schema": "main", "threads": 2}
    (root / "warehouse.json").write_text(json.dumps(target))
    profiles = {"bench": {"target": target["type"], "outputs": {target["type"]: target}}}
    (root / "profiles.yml").write_text(yaml.safe_dump(profiles))
    (root / "packages.yml").write_text(yaml.safe_dump({"packages": [{"local": str(REPO_ROOT)}]}))
    sources = {"version": 2, "sources": [{"name": "bench", "schema": "main",
                                          "tables": [{"name": "bench_predictions"}, {"name": "bench_actuals"}]}]}
    (root / "models" / "sources.yml").write_text(yaml.safe_dump(sources))
    model = {
        "name": "bench", "task": "binary_classification",
        "predictions": {"source": ["bench", "bench_predictions"]},
        "actuals": {"source": ["bench", "bench_actuals"]},
        "columns": {"predicted_label": "predicted_label", "actual_label": "actual_label",
                    "actual_observed_at": "labeled_at"},
        "slice_columns": [{"name": name, "kind": "categorical"} for name in column_names(columns)],
        "features": column_names(columns)[:features],
        "max_slice_depth": depth, "min_slice_rows": MIN_SLICE_ROWS, "top_k": TOP,
        "metrics": ["accuracy"], "baseline": {"kind": "rolling", "days": 1},
    }
    monitored = [model] + [{**model, "name": f"bench_{number}"} for number in range(2, models + 1)]
    project = {"name": "bench", "version": "1.0.0", "config-version": 2, "profile": "bench",
               "vars": {"ml_tracing": {"models": monitored}}}
    (root / "dbt_project.yml").write_text(yaml.safe_dump(project, sort_keys=False))


# -- the measured steps (each runs in its own process) ---------------------------
def dbt(root: Path, *args: str) -> None:
    command = [str(Path(sys.executable).parent / "dbt"), *args, "--project-dir", str(root), "--profiles-dir", str(root)]
    if args[0] == "build":
        command += ["--indirect-selection", "cautious"]  # only tests of the selected models
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed:\n{result.stdout[-4000:]}")


SLICE_MODELS = ["int_ml_tracing__slice_tuples", "int_ml_tracing__slice_rollup", "int_ml_tracing__slice_baselines",
                "ml_tracing__slice_metrics", "ml_tracing__slice_impact"]


def step_inference_store(root: Path, args) -> list[str]:
    dbt(root, "build", "--select", "+ml_tracing__inferences")
    return []


def step_ml_tracing(root: Path, args) -> list[str]:
    dbt(root, "build", "--select", *SLICE_MODELS)
    # the models' own time (compiling and running them), without dbt's start-up, parsing and tests
    (root / "ml_tracing_model_seconds.json").write_text(json.dumps(model_seconds(root)))

    # the latest window's top slices (with --days, each day has its own)
    return list(fetch(root, f"""
        select slice_key from main_ml_tracing.ml_tracing__slice_impact
        where model_name = 'bench' and impact_rank <= {TOP}
            and window_start = (select max(window_start) from main_ml_tracing.ml_tracing__slice_impact)
        order by impact_rank
    """).slice_key)


def slice_key(columns: list[str], values: list) -> str:
    parts = [f"{c} is null" if v is None else f"{c}={v}" for c, v in zip(columns, values) if v is not ...]
    return " & ".join(parts)


def step_naive(root: Path, args) -> list[str]:
    """What a user would write by hand: every combination up to the depth in one query."""
    names = column_names(args.columns)
    sets = [()] + [s for d in range(1, args.depth + 1) for s in itertools.combinations(names, d)]
    grouping_sets = ",\n        ".join("(" + ", ".join(s) + ")" for s in sets)
    query = f"""
        with raw as (
            select p.*, (p.predicted_label = a.actual_label)::integer as is_correct
            from main.bench_predictions as p
            join main.bench_actuals as a using (prediction_id)
        ),
        slices as (
            select
                {', '.join(names)},
                {', '.join(f'grouping({n}) as g_{n}' for n in names)},
                count(*) as n_rows,
                sum(is_correct) as n_correct
            from raw
            group by grouping sets (
                {grouping_sets}
            )
        ),
        scored as (
            select
                *,
                {' + '.join(f'(1 - g_{n})' for n in names)} as depth,
                (max(case when {' and '.join(f'g_{n} = 1' for n in names)} then cast(n_correct as double precision) / n_rows end) over ()
                    - cast(n_correct as double precision) / n_rows)
                * n_rows / max(case when {' and '.join(f'g_{n} = 1' for n in names)} then n_rows end) over () as impact
            from slices
        )
        select * from scored
        where depth > 0 and n_rows >= {MIN_SLICE_ROWS}
        order by impact desc, depth
        limit {TOP * 4}
    """
    frame = fetch(root, query)
    frame["slice_key"] = [
        slice_key(names, [... if row[f"g_{n}"] else row[n] for n in names]) for _, row in frame.iterrows()
    ]
    frame = frame.sort_values(["impact", "depth", "slice_key"], ascending=[False, True, True])
    return list(frame.slice_key[:TOP])


def step_sliceline(root: Path, args) -> list[str]:
    from sliceline.slicefinder import Slicefinder

    names = column_names(args.columns)
    frame = fetch(root, f"""
        select {', '.join('p.' + n for n in names)}, (p.predicted_label <> a.actual_label)::integer as error
        from main.bench_predictions as p join main.bench_actuals as a using (prediction_id)
    """)
    finder = Slicefinder(alpha=0.99, k=TOP, max_l=args.depth, min_sup=MIN_SLICE_ROWS, verbose=False)
    finder.fit(frame[names].to_numpy(), frame.error.to_numpy())
    return [slice_key(names, [... if v is None else v for v in top]) for top in finder.top_slices_]


def step_dbt_floor(root: Path, args) -> list[str]:
    """What any `dbt build` of this project costs before its first query: start-up,
    dbt's imports, loading the parsed project (the selection matches nothing)."""
    dbt(root, "build", "--select", "no_such_node")
    return []


def step_dbt_compile(root: Path, args) -> list[str]:
    """Compiling every ml_tracing model and test, which resolves the configuration
    in each of them: the cost of the Jinja, without running the SQL."""
    dbt(root, "compile", "--select", "package:ml_tracing")
    return []


def step_daily_run(root: Path, args) -> list[str]:
    """The slice marts and everything upstream, as a daily `dbt build` runs them; with
    `--features`, the drift mart and its path too."""
    drift = ["+ml_tracing__feature_drift"] if args.features else []
    dbt(root, "build", "--select", "+ml_tracing__slice_impact", *drift)
    return []


STEPS = {"inference_store": step_inference_store, "ml_tracing": step_ml_tracing, "dbt_floor": step_dbt_floor,
         "dbt_compile": step_dbt_compile, "daily_run": step_daily_run, "naive": step_naive, "sliceline": step_sliceline}
# steps that find no slices: no rank or top-10 column
WITHOUT_SLICES = ("inference_store", "dbt_floor", "dbt_compile")


def measure(step: str, args, timeout: float) -> dict:
    """Run one step in a child process: wall time, peak RSS (os.wait4), its top slices."""
    output = Path(args.work) / f"{step}.json"
    output.unlink(missing_ok=True)
    command = [sys.executable, __file__, "--step", step, "--work", args.work,
               "--columns", str(args.columns), "--depth", str(args.depth), "--features", str(args.features)]
    start = time.monotonic()
    child = subprocess.Popen(command, start_new_session=True)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(child.pid, signal.SIGKILL)  # the step and the dbt it started
            pid, status, usage = os.wait4(child.pid, 0)
            return {"step": step, "seconds": None, **resources(usage), "error": f"timeout {timeout:.0f} s"}
        time.sleep(0.05)
    seconds = time.monotonic() - start
    result = {"step": step, "seconds": seconds, **resources(usage)}
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or not output.exists():
        result["error"] = f"failed (exit {code}{', killed: out of memory?' if code == -9 else ''})"
    else:
        result["top"] = json.loads(output.read_text())
    return result


def resources(usage) -> dict:
    """Peak resident memory and CPU time of a finished child, split into its own
    (user) and the kernel's on its behalf (system: mapping and zeroing the memory it
    allocates, reading files)."""
    return {"peak_gib": usage.ru_maxrss / 2**20, "user_s": usage.ru_utime, "system_s": usage.ru_stime}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--columns", type=int, default=8)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--engine", default="duckdb", choices=["duckdb", "postgres"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sliceline", choices=["auto", "yes", "no"], default="auto",
                        help="auto: only up to 200,000 rows and 8 columns, where it fits in memory")
    parser.add_argument("--naive", choices=["yes", "no"], default="yes")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per step")
    parser.add_argument("--days", type=int, default=1, help="spread the rows over this many daily windows")
    parser.add_argument("--models", type=int, default=1, help="monitored models, all reading the same rows")
    parser.add_argument("--features", type=int, default=0,
                        help="the first N slice columns are also drift features; the daily run then builds the drift mart")
    parser.add_argument("--new-day", action="store_true",
                        help="also time adding one day (rows / days) incrementally, against that day built alone")
    parser.add_argument("--work", default=str(REPO_ROOT / "bench" / "work"))
    parser.add_argument("--step", choices=list(STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.work = str(Path(args.work).resolve())  # dbt runs with the project folder as its working directory
    work = Path(args.work)

    if args.step:
        top = STEPS[args.step](work, args)
        (work / f"{args.step}.json").write_text(json.dumps(top))
        return

    server = start_postgres() if args.engine == "postgres" else None
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    write_project(work, args.columns, args.depth, server, args.models, args.features)
    started = time.monotonic()
    load(work, args.rows, args, server)
    print(f"generated {args.rows:,} rows x {args.columns} columns in {time.monotonic() - started:.1f} s", flush=True)
    dbt(work, "deps")

    steps = ["inference_store", "ml_tracing", "dbt_floor", "dbt_compile"]
    if args.naive == "yes":
        steps.append("naive")
    if args.sliceline == "yes" or (args.sliceline == "auto" and args.rows <= 200_000 and args.columns <= 8):
        steps.append("sliceline")
    results = []
    for step in steps:
        results.append(measure(step, args, args.timeout))
        print(f"  {step}: {results[-1].get('seconds') or results[-1].get('error')}", flush=True)
    report(results, args)
    if args.new_day:
        new_day(args, server)


def load(root: Path, rows: int, args, server, days: int | None = None, first_day: int = 0, mode: str = "replace") -> None:
    """Generate the rows into the project's DuckDB file, and copy them to its
    PostgreSQL database when there is one."""
    generate(root / "bench.duckdb", rows, args.columns, args.seed, days or args.days, first_day, mode)
    if server is not None:
        copy_to_postgres(root)


def new_day(args, server) -> None:
    """One more day on top of the history (an incremental daily run), against the
    same day's rows built alone in a fresh project (a first, full run)."""
    day_rows = args.rows // args.days
    work = Path(args.work)
    if args.features:  # the history's drift path, which the timed steps above do not build
        dbt(work, "build", "--select", "+ml_tracing__feature_drift")
    load(work, day_rows, args, server, days=1, first_day=args.days, mode="append")
    added = measure("daily_run", args, args.timeout)
    alone_args = argparse.Namespace(**{**vars(args), "work": str(work.parent / (work.name + "_one_day"))})
    alone = Path(alone_args.work)
    shutil.rmtree(alone, ignore_errors=True)
    alone.mkdir(parents=True)
    write_project(alone, args.columns, args.depth, server, args.models, args.features)
    load(alone, day_rows, args, server, days=1, first_day=args.days)
    dbt(alone, "deps")
    one = measure("daily_run", alone_args, args.timeout)
    drift = f" and the drift mart ({args.features} features)" if args.features else ""
    print(f"\none new day ({day_rows:,} rows) on {args.days} days of history, dbt build of the slice marts{drift} "
          f"and everything upstream:")
    print(f"  incremental run adding the day  {added['seconds']:.1f} s, peak {added['peak_gib']:.2f} GiB")
    print(f"  the day alone (full run)        {one['seconds']:.1f} s, peak {one['peak_gib']:.2f} GiB")
    print(f"  ratio                           {added['seconds'] / one['seconds']:.1f}")
    print("  the incremental run's slowest models (SQL seconds):")
    for name, seconds in model_seconds(work)[:6]:
        print(f"    {name:<40} {seconds:6.1f}")


def model_seconds(root: Path) -> list[tuple[str, float]]:
    """Each model's time in the project's last dbt run (compiling and running its SQL), slowest first."""
    results = json.loads((root / "target" / "run_results.json").read_text())["results"]
    timed = [(r["unique_id"].split(".")[-1], r["execution_time"]) for r in results if r["unique_id"].startswith("model.")]
    return sorted(timed, key=lambda item: -item[1])


def report(results: list[dict], args) -> None:
    planted = " & ".join(f"{c}={v}" for c, v in sorted(PLANTED.items()))
    by_step = {r["step"]: r for r in results}
    ours = by_step["ml_tracing"].get("seconds")
    naive_top = by_step.get("naive", {}).get("top")
    window = f" of the latest of {args.days} daily windows (the naive plan: of all rows)" if args.days > 1 else ""
    models = f", {args.models} monitored models on them" if args.models > 1 else ""
    print(f"\n{args.rows:,} rows x {args.columns} slice columns x depth {args.depth}{models}, {args.engine}, "
          f"planted slice {planted}, top {TOP} by accuracy impact{window}\n")
    header = (f"{'plan':<16} {'wall s':>8} {'cpu s user+sys':>15} {'peak GiB':>9} {'x ml_tracing':>13} "
              f"{'planted rank':>13} {'top-10 = naive':>15}")
    print(header)
    print("-" * len(header))
    for r in results:
        seconds = r.get("seconds")
        top = r.get("top")
        failed = "error" in r
        ratio = f"{seconds / ours:.1f}" if seconds and ours and not failed and r["step"] not in WITHOUT_SLICES + ("ml_tracing",) else ""
        found = "" if top is None or r["step"] in WITHOUT_SLICES else (
            str(top.index(planted) + 1) if planted in top else "no")
        same = "" if top is None or naive_top is None or r["step"] in WITHOUT_SLICES or args.days > 1 else (
            "yes" if top == naive_top else "no")
        wall = f"{seconds:.1f}" if seconds else ""
        cpu = f"{r['user_s']:.1f}+{r['system_s']:.1f}"
        print(f"{r['step']:<16} {wall:>8} {cpu:>15} {r['peak_gib']:>9.2f} {ratio:>13} {found:>13} {same:>15}"
              + (f"  {r['error']}" if failed else ""))
    seconds_file = Path(args.work) / "ml_tracing_model_seconds.json"
    if seconds_file.exists() and ours:
        by_model = json.loads(seconds_file.read_text())
        sql_seconds = sum(seconds for _, seconds in by_model)
        print(f"\nml_tracing: {sql_seconds:.1f} s of it in the models (compiling and running their SQL), the rest is dbt start-up, parsing and tests"
              + "".join(f"; {r['step']} {r['seconds'] / sql_seconds:.1f}x that" for r in results
                        if r.get("seconds") and "error" not in r and r["step"] in ("naive", "sliceline")))
        print("  by model: " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in by_model))
    floor = by_step.get("dbt_floor", {}).get("seconds")
    finished = [r for r in results if r.get("seconds") and "error" not in r and r["step"] in ("naive", "sliceline")]
    if floor and finished:
        print(f"dbt floor: a build of this project that selects nothing takes {floor:.1f} s; the most any dbt build "
              "could reach in the 'x ml_tracing' column: " + ", ".join(f"{r['step']} {r['seconds'] / floor:.1f}" for r in finished))


if __name__ == "__main__":
    main()
