"""A throwaway dbt project that installs ml_tracing by local path, as a user would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")

# Seed column types per engine, from the harness's portable names.
SEED_TYPES = {
    "duckdb": {"string": "varchar", "timestamp": "timestamp", "double": "double", "integer": "integer",
               "timestamptz": "timestamp with time zone"},
}


class DbtError(AssertionError):
    """A dbt command that did not end as expected; carries its output."""


class DbtProject:
    """One dbt project in a temporary folder, with its own warehouse."""

    def __init__(self, root: Path, engine: str = "duckdb", name: str = "ml_tracing_test"):
        self.root = Path(root)
        self.engine = engine
        self.name = name
        self.vars: dict = {}
        self.extra_project_config: dict = {}
        self.seed_column_types: dict[str, dict[str, str]] = {}
        (self.root / "seeds").mkdir(parents=True, exist_ok=True)
        (self.root / "models").mkdir(exist_ok=True)
        self._write_profiles()
        (self.root / "packages.yml").write_text(yaml.safe_dump({"packages": [{"local": str(REPO_ROOT)}]}))

    # -- files -----------------------------------------------------------------
    def _write_profiles(self) -> None:
        if self.engine != "duckdb":
            raise ValueError(f"unsupported engine {self.engine!r}")
        output = {"type": "duckdb", "path": str(self.root / "warehouse.duckdb"), "threads": 2}
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
        command = [DBT_EXECUTABLE, *args, "--project-dir", str(self.root), "--profiles-dir", str(self.root)]
        if vars is not None:
            command += ["--vars", json.dumps(vars)]
        env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True, env=env)
        if expect_success and result.returncode != 0:
            raise DbtError(f"dbt {' '.join(args)} failed ({result.returncode}):\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}")
        if not expect_success and result.returncode == 0:
            raise DbtError(f"dbt {' '.join(args)} succeeded but was expected to fail:\n{result.stdout[-3000:]}")
        return result

    def build(self) -> subprocess.CompletedProcess:
        self.dbt("deps")
        return self.dbt("build")

    # -- reading results -------------------------------------------------------
    def package_relation(self, model: str) -> str:
        return f"main_ml_tracing.{model}"

    def query(self, sql: str) -> pd.DataFrame:
        import duckdb

        with duckdb.connect(str(self.root / "warehouse.duckdb"), read_only=True) as connection:
            return connection.sql(sql).df()

    def table(self, model: str) -> pd.DataFrame:
        return self.query(f"select * from {self.package_relation(model)}")
