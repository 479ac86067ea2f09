"""The fraud demo project (demo/), set up in a temporary folder as a user would have it."""
from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import yaml

import reference as ref
from harness import REPO_ROOT, DbtProject

GENERATOR = REPO_ROOT / "scripts" / "generate_demo_data.py"


def generate(out_dir, scenario="drifted"):
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out_dir), "--scenario", scenario],
                   check=True, capture_output=True)


def demo_project(root, engine, scenario="drifted") -> DbtProject:
    """The demo project (its settings, models and gates) in a temporary folder, on
    freshly generated data; not built yet."""
    project = DbtProject(root, engine, name="ml_tracing_demo")
    # the demo's CSVs as the project's own seeds (the demo loads the package's copies,
    # which concurrent test runs would overwrite), in the same schema
    generate(root / "seeds", scenario)
    settings = yaml.safe_load((REPO_ROOT / "demo" / "dbt_project.yml").read_text())
    project.vars = settings["vars"]
    project.extra_project_config = {"seeds": {project.name: {"+schema": "ml_tracing_demo"}}, "flags": settings["flags"]}
    shutil.copytree(REPO_ROOT / "demo" / "models", root / "models", dirs_exist_ok=True)
    return project


def latest_judged_recall_impacts(project: DbtProject, config: dict) -> tuple[pd.Timestamp, dict[str, float]]:
    """The latest production window whose recall rests on at least `min_window_rows`
    labelled frauds, and the recall impact score of each of its slices (depth >= 1,
    at least `min_slice_rows` rows, defined recall), computed in pandas from the CSVs
    the project's seeds were loaded from."""
    data = project.root / "seeds"
    predictions = pd.read_csv(data / "ml_tracing_demo_fraud_predictions.csv",
                              parse_dates=["predicted_at"], keep_default_na=False, na_values=[""])
    actuals = pd.read_csv(data / "ml_tracing_demo_fraud_actuals.csv", parse_dates=["labeled_at"])
    latest = actuals.sort_values(["prediction_id", "labeled_at"]).drop_duplicates("prediction_id", keep="last")
    frame = predictions.merge(latest, on="prediction_id", how="left")
    edges = ref.quantile_edges(frame.amount[frame.environment == "training"], config.get("numeric_slice_bins", 5))
    frame["amount"] = ref.bin_labels(frame.amount, edges)
    frame = frame.assign(pred=frame.is_fraud_predicted, actual=frame.is_fraud, score=frame.fraud_score)
    production = frame[frame.environment == "production"]
    days = production.predicted_at.dt.floor("D")
    recall_support = production.groupby(days).apply(lambda day: ref.support("recall", day))
    window = recall_support.index[recall_support >= config.get("min_window_rows", 30)].max()
    rows = production[days == window]
    overall = ref.binary_metrics(rows)["recall"]
    scores = {}
    for key, part in ref.slices(rows, config["slice_columns"], config["max_slice_depth"]):
        recall = ref.binary_metrics(part).get("recall", np.nan)
        if key != "all" and len(part) >= config["min_slice_rows"] and not np.isnan(recall):
            share = ref.support("recall", part) / ref.support("recall", rows)
            scores[key] = ref.impact("recall", recall, overall, share)
    return window, scores


def ranked(scores: dict[str, float]) -> list[tuple[str, float]]:
    """Slices by impact, largest first; ties broken by depth, then key (the marts' order)."""
    return sorted(scores.items(), key=lambda item: (-item[1], item[0].count(" & "), item[0]))
