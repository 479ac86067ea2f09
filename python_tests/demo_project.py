"""The fraud demo project (demo/), set up in a temporary folder as a user would have it."""
from __future__ import annotations

import shutil
import subprocess
import sys

import yaml

from harness import REPO_ROOT, DbtProject

GENERATOR = REPO_ROOT / "scripts" / "generate_demo_data.py"
DEMO_SEEDS = REPO_ROOT / "seeds" / "demo"


def generate(out_dir, scenario="drifted"):
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out_dir), "--scenario", scenario],
                   check=True, capture_output=True)


def demo_project(root, engine, scenario="drifted") -> DbtProject:
    """The demo project (its settings, models and gates) in a temporary folder, on
    freshly generated data; not built yet."""
    generate(DEMO_SEEDS, scenario)
    shutil.copytree(DEMO_SEEDS, root / "demo_data")
    project = DbtProject(root, engine, name="ml_tracing_demo")
    settings = yaml.safe_load((REPO_ROOT / "demo" / "dbt_project.yml").read_text())
    project.vars = settings["vars"]
    project.extra_project_config = {"seeds": settings["seeds"]}
    shutil.copytree(REPO_ROOT / "demo" / "models", root / "models", dirs_exist_ok=True)
    return project
