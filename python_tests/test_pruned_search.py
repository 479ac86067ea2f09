"""The pruned level-wise slice search returns the same top-K slices, with the same
values, as the exhaustive search, on generated data with a planted bad slice, over
several seeds and all three tasks. Each data set is monitored twice in one project,
once per `slice_search`, and the exhaustive plan is the reference."""
from __future__ import annotations

import math

import pandas as pd
import pytest

import generated_data
from harness import DbtProject

SEEDS = [1, 2, 3]
TOP_K = 5
TASKS = {
    "binary_classification": {
        "columns": {"predicted_label": "predicted_label", "predicted_score": "score", "actual_label": "actual"},
        "metrics": ["recall", "precision", "accuracy", "false_positive_rate", "predicted_positive_rate", "log_loss"],
        "baseline": {"kind": "rolling", "days": 1},
    },
    "multiclass_classification": {
        "columns": {"predicted_label": "predicted_label", "actual_label": "actual"},
        "metrics": ["accuracy"],
        "classes": ["billing", "sales", "support"],
        "baseline": {"kind": "rolling", "days": 2},
    },
    "regression": {
        "columns": {"predicted_value": "predicted_value", "actual_value": "actual"},
        "metrics": ["mae", "mse", "mean_error", "mape", "wape"],
        "baseline": {"kind": "fixed_period", "start": "2026-03-01", "end": "2026-03-02"},
    },
}
# the last seed's multiclass and regression models mix in a metric that is not a ratio:
# they are searched by minimum support only
NON_RATIO = {"multiclass_classification": "macro_f1", "regression": "rmse"}
COMPARED = ["slice_key", "slice_depth", "slice_rows", "volume_share", "metric_support", "support_share",
            "metric_value", "overall_value", "delta", "impact_score", "baseline_value", "baseline_delta",
            "is_absent_from_baseline", "performance_contribution", "mix_contribution"]
SHORT = {"binary_classification": "binary", "multiclass_classification": "multiclass", "regression": "regression"}


def _configs():
    configs = []
    for task, settings in TASKS.items():
        for seed in SEEDS:
            data = f"{SHORT[task]}_{seed}"
            metrics = settings["metrics"] + ([NON_RATIO[task]] if seed == SEEDS[-1] and task in NON_RATIO else [])
            for search in ["pruned", "exhaustive"]:
                configs.append({
                    "name": f"{data}_{search}", "task": task, "predictions": f"{data}_predictions",
                    "actuals": f"{data}_actuals",
                    "columns": {**settings["columns"], "actual_observed_at": "observed_at"},
                    "slice_columns": list(generated_data.PLANTED_CARDINALITIES),
                    "max_slice_depth": 4 if seed == SEEDS[0] else 3, "min_slice_rows": 5,
                    "metrics": metrics, "classes": settings.get("classes", []), "baseline": settings["baseline"],
                    "slice_search": search, "top_k": TOP_K,
                    # the middle seed runs one grouping set per query, PostgreSQL's default
                    **({"grouping_sets_per_query": 1} if seed == SEEDS[1] else {}),
                })
    return configs


@pytest.fixture(scope="module")
def searched(tmp_path_factory, engine):
    project = DbtProject(tmp_path_factory.mktemp("pruned"), engine)
    s, t, d, i = "string", "timestamp", "double", "integer"
    for task in TASKS:
        frames, actual_frames = [], []
        for seed in SEEDS:
            frame, actuals = generated_data.planted_frames(task, seed)
            frames.append(frame.assign(data_set=seed))
            actual_frames.append(actuals.assign(data_set=seed))
        prediction_types = {"prediction_id": s, "predicted_at": t, "data_set": i,
                            **{column: s for column in generated_data.PLANTED_CARDINALITIES}}
        prediction_types.update({"binary_classification": {"predicted_label": i, "score": d},
                                 "multiclass_classification": {"predicted_label": s},
                                 "regression": {"predicted_value": d}}[task])
        actual_type = {"binary_classification": i, "multiclass_classification": s, "regression": d}[task]
        project.write_seed(f"{SHORT[task]}_predictions_seed", pd.concat(frames), prediction_types)
        project.write_seed(f"{SHORT[task]}_actuals_seed", pd.concat(actual_frames),
                           {"prediction_id": s, "actual": actual_type, "observed_at": t, "data_set": i})
        for seed in SEEDS:
            for kind in ["predictions", "actuals"]:
                project.write_model(f"{SHORT[task]}_{seed}_{kind}",
                                    f"select * from {{{{ ref('{SHORT[task]}_{kind}_seed') }}}} where data_set = {seed}")
    project.vars = {"ml_tracing": {"models": _configs()}}
    project.build()
    return project


def _close(a, b) -> bool:
    if pd.isna(a) or pd.isna(b):
        return pd.isna(a) and pd.isna(b)
    if isinstance(a, str) or isinstance(a, bool):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize("task", list(TASKS))
@pytest.mark.parametrize("seed", SEEDS)
def test_pruned_top_k_equals_exhaustive(searched, task, seed):
    data = f"{SHORT[task]}_{seed}"
    ranked = searched.query(
        f"select * from {searched.package_relation('ml_tracing__slice_impact')} "
        f"where model_name in ('{data}_pruned', '{data}_exhaustive') and impact_rank <= {TOP_K}"
    )
    pruned = ranked[ranked.model_name == f"{data}_pruned"].set_index(["window_start", "metric_name", "impact_rank"])
    exhaustive = ranked[ranked.model_name == f"{data}_exhaustive"].set_index(["window_start", "metric_name", "impact_rank"])
    assert len(exhaustive) > 0
    assert sorted(pruned.index) == sorted(exhaustive.index)
    mismatches = [
        (key, column, exhaustive.at[key, column], pruned.at[key, column])
        for key in exhaustive.index for column in COMPARED
        if not _close(exhaustive.at[key, column], pruned.at[key, column])
    ]
    assert not mismatches, f"{len(mismatches)} mismatches, first: {mismatches[:5]}"


@pytest.mark.parametrize("task", list(TASKS))
def test_pruned_search_skips_slices(searched, task):
    """The bound prunes: fewer slices are evaluated than in the exhaustive search
    (for the models whose metrics are all ratios)."""
    counts = searched.query(
        f"select model_name, count(*) as slices from {searched.package_relation('int_ml_tracing__slice_rollup')} "
        f"where model_name like '{SHORT[task]}_%' group by model_name"
    ).set_index("model_name").slices
    for seed in SEEDS[:2]:
        assert counts[f"{SHORT[task]}_{seed}_pruned"] < counts[f"{SHORT[task]}_{seed}_exhaustive"]


def test_staged_search_gives_the_rows_of_the_one_query_search(searched):
    """Spark's path — each step of the search a table the rollup's pre-hook builds and
    its post-hook drops (mlt_stages_queries) — forced on DuckDB by a test macro:
    the rollup holds the same rows as the one-query search, and no step table is left."""
    keys = ["model_name", "scope", "window_key", "slice_key"]
    one_query, staged, staged_query = searched.staged_rebuild("int_ml_tracing__slice_rollup", keys)
    for search in ("binary_1_pruned", "multiclass_3_pruned", "regression_2_pruned"):
        assert f'"int_ml_tracing__slice_rollup__{search}_slices"' in staged_query, search
        assert f"\n{search}_level_1 as (" not in staged_query, search
    assert not staged.duplicated(keys).any()
    pd.testing.assert_frame_equal(staged, one_query, check_exact=False, rtol=1e-12, atol=1e-15)
    assert not [table for table in searched.tables(f"{searched.schema}_ml_tracing") if "__slice_rollup__" in table]
