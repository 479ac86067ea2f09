"""A throwaway dbt project that installs ml_tracing by local path, as a user would."""
from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import yaml

import spark_session
from postgres_server import PostgresServer

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")
# macros every throwaway project gets (fast seed loading, staged queries on DuckDB)
PROJECT_MACROS = Path(__file__).resolve().parent / "project_macros"
# vars that make DuckDB run the long queries stage by stage as Spark does, the pruned
# search's deeper levels two parent column sets per statement (staged_queries_on_duckdb.sql)
STAGED_ON_DUCKDB = {"ml_tracing_test_staged_queries": True, "ml_tracing_test_parents_per_statement": 2}

ENGINES = ("duckdb", "postgres", "spark")

# Seed column types per engine, from the harness's portable names.
SEED_TYPES = {
    "duckdb": {"string": "varchar", "timestamp": "timestamp", "double": "double", "integer": "integer",
               "boolean": "boolean", "timestamptz": "timestamp with time zone"},
    "postgres": {"string": "text", "timestamp": "timestamp", "double": "double precision", "integer": "integer",
                 "boolean": "boolean", "timestamptz": "timestamp with time zone"},
    "spark": {"string": "string", "timestamp": "timestamp", "double": "double", "integer": "int",
              "boolean": "boolean", "timestamptz": "timestamp"},
}

# Spark projects share one session and catalog: each gets its own schema.
_spark_schemas = itertools.count(1)
# PostgreSQL projects share one server: each gets its own database.
_postgres_databases = itertools.count(1)


class DbtError(AssertionError):
    """A dbt command that did not end as expected; carries its output."""


class DbtProject:
    """One dbt project in a temporary folder, with its own warehouse."""

    def __init__(self, root: Path, engine: str = "duckdb", name: str = "ml_tracing_test",
                 postgres_icu_locale: str | None = None):
        if engine not in ENGINES:
            raise ValueError(f"unsupported engine {engine!r}")
        self.root = Path(root)
        self.engine = engine
        self.name = name
        self.postgres_icu_locale = postgres_icu_locale  # the database's collation on PostgreSQL (None: C)
        # the profile's schema; the package's models land in <schema>_ml_tracing
        self.schema = f"{name}_{next(_spark_schemas)}" if engine == "spark" else "main"
        self.vars: dict = {}
        self.extra_project_config: dict = {}
        self.seed_column_types: dict[str, dict[str, str]] = {}
        (self.root / "seeds").mkdir(parents=True, exist_ok=True)
        (self.root / "models").mkdir(exist_ok=True)
        shutil.copytree(PROJECT_MACROS, self.root / "macros", dirs_exist_ok=True)
        self._write_profiles()
        (self.root / "packages.yml").write_text(yaml.safe_dump({"packages": [{"local": str(REPO_ROOT)}]}))

    # -- files -----------------------------------------------------------------
    def _write_profiles(self) -> None:
        if self.engine == "duckdb":
            output = {"type": "duckdb", "path": str(self.root / "warehouse.duckdb"), "threads": 2}
        elif self.engine == "postgres":
            server = postgres_server()
            self.database = f"{self.name}_{next(_postgres_databases)}"
            server.create_database(self.database, self.postgres_icu_locale)
            output = {"type": "postgres", "host": server.host, "port": server.port, "user": server.user,
                      "password": "", "dbname": self.database, "schema": self.schema, "threads": 2}
        else:
            output = {"type": "spark", "method": "session", "host": "localhost", "schema": self.schema, "threads": 1}
        profiles = {self.name: {"target": self.engine, "outputs": {self.engine: output}}}
        (self.root / "profiles.yml").write_text(yaml.safe_dump(profiles))

    def write_project(self) -> None:
        seeds_config = {
            seed: {"+column_types": {col: SEED_TYPES[self.engine][kind] for col, kind in types.items()}}
            for seed, types in self.seed_column_types.items()
        }
        project = {
            "name": self.name,
            "version": "1.0.0",
            "config-version": 2,
            "profile": self.name,
            "seeds": {self.name: seeds_config},
            "vars": self.vars,
        }
        for key, value in self.extra_project_config.items():
            project[key] = {**project.get(key, {}), **value}
        (self.root / "dbt_project.yml").write_text(yaml.safe_dump(project, sort_keys=False))

    def write_seed(self, name: str, frame: pd.DataFrame, column_types: dict[str, str]) -> None:
        """Write a seed CSV; `column_types` maps columns to string/timestamp/double/integer."""
        frame.to_csv(self.root / "seeds" / f"{name}.csv", index=False)
        self.seed_column_types[name] = column_types

    def write_model(self, name: str, sql: str) -> None:
        (self.root / "models" / f"{name}.sql").write_text(sql)

    # -- running dbt -----------------------------------------------------------
    def dbt(self, *args: str, expect_success: bool = True, vars: dict | None = None) -> subprocess.CompletedProcess:
        self.write_project()
        arguments = [*args, "--project-dir", str(self.root), "--profiles-dir", str(self.root)]
        if vars is not None:
            arguments += ["--vars", json.dumps(vars)]
        if self.engine == "spark":
            # in this process: the Spark session (and its JVM) is shared by every dbt command
            result = spark_session.run_dbt(arguments)
        else:
            env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
            result = subprocess.run([DBT_EXECUTABLE, *arguments], cwd=self.root, capture_output=True, text=True,
                                    env=env)
        if expect_success and result.returncode != 0:
            raise DbtError(f"dbt {' '.join(args)} failed ({result.returncode}):\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}")
        if not expect_success and result.returncode == 0:
            raise DbtError(f"dbt {' '.join(args)} succeeded but was expected to fail:\n{result.stdout[-3000:]}")
        return result

    def build(self) -> subprocess.CompletedProcess:
        self.dbt("deps")
        return self.dbt("build")

    # -- reading results -------------------------------------------------------
    def run_results(self) -> list[dict]:
        """The node results of the last dbt command."""
        return json.loads((self.root / "target" / "run_results.json").read_text())["results"]

    def package_relation(self, model: str) -> str:
        return f"{self.schema}_ml_tracing.{model}"

    @property
    def audit_schema(self) -> str:
        """Where `dbt test --store-failures` writes the failing rows."""
        return f"{self.schema}_dbt_test__audit"

    def tables(self, schema: str) -> list[str]:
        """The names of the tables in a schema of this project's warehouse."""
        if self.engine == "spark":
            # SHOW TABLES also lists the session's temporary views (dbt-spark's
            # incremental `__dbt_tmp`), whichever project of the shared session made them
            tables = self.query(f"show tables in {schema}")
            return list(tables.tableName[~tables.isTemporary.astype(bool)])
        frame = self.query(f"select table_name from information_schema.tables where table_schema = '{schema}'")
        return list(frame.table_name)

    def query(self, sql: str) -> pd.DataFrame:
        if self.engine == "spark":
            return spark_session.query(sql)
        if self.engine == "postgres":
            connection = postgres_server().connect(self.database)
            try:
                with connection.cursor() as cursor:
                    cursor.execute(sql)
                    return pd.DataFrame(cursor.fetchall(), columns=[column.name for column in cursor.description])
            finally:
                connection.close()
        import duckdb

        with duckdb.connect(str(self.root / "warehouse.duckdb"), read_only=True) as connection:
            return connection.sql(sql).df()

    def execute(self, sql: str) -> None:
        """Run a statement that changes the warehouse (DuckDB and PostgreSQL)."""
        if self.engine == "postgres":
            connection = postgres_server().connect(self.database)
            try:
                with connection.cursor() as cursor:
                    cursor.execute(sql)
                connection.commit()
            finally:
                connection.close()
            return
        assert self.engine == "duckdb", f"execute is not supported on {self.engine}"
        import duckdb

        with duckdb.connect(str(self.root / "warehouse.duckdb")) as connection:
            connection.execute(sql)

    def table(self, model: str) -> pd.DataFrame:
        return self.query(f"select * from {self.package_relation(model)}")

    def compiled_sql(self, model: str) -> str:
        """The SQL dbt last compiled for a package model."""
        [compiled] = (self.root / "target" / "compiled" / "ml_tracing" / "models").glob(f"*/{model}.sql")
        return compiled.read_text()

    def staged_rebuild(self, model: str, keys: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, str]:
        """A DuckDB package model's rows (without `built_at`, sorted by `keys`) as built,
        then as rebuilt with its long queries run stage by stage as on Spark (forced
        by the test macro staged_queries_on_duckdb.sql, the search's deeper levels
        two parent column sets per statement), and the staged build's compiled
        query. The model is rebuilt the usual way afterwards."""
        def rows() -> pd.DataFrame:
            frame = self.query(f"select * exclude (built_at) from {self.package_relation(model)}")
            return frame.sort_values(keys).reset_index(drop=True)

        one_query = rows()
        try:
            self.dbt("run", "-s", model, "--full-refresh", vars=STAGED_ON_DUCKDB)
            staged_query = self.compiled_sql(model)
            staged = rows()
        finally:
            self.dbt("run", "-s", model, "--full-refresh")
        return one_query, staged, staged_query


_servers: dict[str, PostgresServer] = {}


def postgres_server() -> PostgresServer:
    """The PostgreSQL server shared by the test run, started on first use."""
    if "postgres" not in _servers:
        _servers["postgres"] = PostgresServer().start()
    return _servers["postgres"]


def stop_engines() -> None:
    """Stop whatever engine processes the run started (the server, the Spark JVM)."""
    server = _servers.pop("postgres", None)
    if server is not None:
        server.stop()
    spark_session.stop_spark()
