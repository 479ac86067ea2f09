"""One local Spark for every Spark test: a SparkSession created once per test run, and
dbt run in this process (dbt-spark's `session` method picks up the active session), so
the JVM starts once and every project's tables stay in the same catalog. Results are
read back through the same session.

Local settings: two cores, few shuffle partitions (the test data is small), no UI, UTC
session time zone, an in-memory catalog and a warehouse folder that is deleted with it.
"""
from __future__ import annotations

import atexit
import contextlib
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

_state: dict = {}


def spark_session():
    """The shared SparkSession, started on first use."""
    if "session" not in _state:
        from pyspark.sql import SparkSession

        warehouse = Path(tempfile.mkdtemp(prefix="ml_tracing_spark_"))
        session = (
            SparkSession.builder.master("local[2]")
            .appName("ml_tracing_tests")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.warehouse.dir", str(warehouse / "warehouse"))
            .config("spark.sql.catalogImplementation", "in-memory")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.memory", "6g")
            .config("spark.local.dir", str(warehouse / "scratch"))
            .config("spark.driver.extraJavaOptions", f"-Duser.timezone=UTC -Djava.io.tmpdir={warehouse}")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        _state.update(session=session, warehouse=warehouse)
        atexit.register(stop_spark)
    return _state["session"]


def stop_spark() -> None:
    """Stop the session and its JVM and delete the warehouse (no-op when not started)."""
    session = _state.pop("session", None)
    if session is not None:
        session.stop()
        from pyspark import SparkContext

        gateway = SparkContext._gateway
        if gateway is not None:
            gateway.shutdown()
            SparkContext._gateway = None
            SparkContext._jvm = None
    warehouse = _state.pop("warehouse", None)
    if warehouse is not None:
        shutil.rmtree(warehouse, ignore_errors=True)


def run_dbt(args: list[str]) -> subprocess.CompletedProcess:
    """Run a dbt command in this process against the shared session; returns what a
    subprocess would (0 success, 1 failed nodes, 2 error) with dbt's log output."""
    from dbt.cli.main import dbtRunner

    spark_session()
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        result = dbtRunner().invoke(args)
    if result.exception is not None:
        returncode, error = 2, repr(result.exception)
    else:
        returncode, error = (0 if result.success else 1), ""
    return subprocess.CompletedProcess(["dbt", *args], returncode, output.getvalue(), error)


def query(sql: str):
    """A query's result as a pandas DataFrame, through the shared session."""
    import pandas as pd

    frame = spark_session().sql(sql)
    rows = frame.collect()
    return pd.DataFrame([row.asDict() for row in rows], columns=frame.columns)
