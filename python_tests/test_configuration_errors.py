"""A wrong setting is a compile error that names the model, the setting and what is valid."""
from __future__ import annotations

import copy
import json
import re
import shutil

import pandas as pd
import pytest
import yaml

from harness import REPO_ROOT, DbtProject
from slices_project import model_configs

VALID = {
    "name": "churn", "task": "binary_classification", "predictions": "churn_predictions",
    "actuals": "churn_actuals",
    "columns": {"predicted_label": "predicted_churn", "predicted_score": "churn_score", "actual_label": "churned"},
    "slice_columns": ["plan", "region"],
}


def variant(**changes):
    config = copy.deepcopy(VALID)
    for key, value in changes.items():
        if value is None:
            config.pop(key, None)
        else:
            config[key] = value
    return config


@pytest.fixture(scope="module")
def project(tmp_path_factory, engine) -> DbtProject:
    project = DbtProject(tmp_path_factory.mktemp("config_errors"), engine)
    predictions = pd.DataFrame({
        "prediction_id": ["a", "b"], "predicted_at": ["2026-01-01 00:00:00", "2026-01-02 00:00:00"],
        "plan": ["free", "pro"], "region": ["eu", "us"], "tenure": [3.0, 40.0], "predicted_churn": [1, 0],
        "churn_score": [0.7, 0.2],
    })
    actuals = pd.DataFrame({"prediction_id": ["a"], "churned": [1]})
    project.write_seed("churn_predictions", predictions, {"prediction_id": "string", "predicted_at": "timestamp",
                                                          "plan": "string", "region": "string", "tenure": "double",
                                                          "predicted_churn": "integer", "churn_score": "double"})
    project.write_seed("churn_actuals", actuals, {"prediction_id": "string", "churned": "integer"})
    project.write_seed("churn_flag_predictions", predictions.assign(churn_flag=[True, False]),
                       {"prediction_id": "string", "predicted_at": "timestamp", "plan": "string", "region": "string",
                        "tenure": "double", "predicted_churn": "integer", "churn_score": "double", "churn_flag": "boolean"})
    project.write_model("churn_predictions_unbuilt", "select * from {{ ref('churn_predictions') }}")  # never built
    project.vars = {"ml_tracing": {"models": [VALID]}}
    project.dbt("deps")
    project.dbt("seed")
    return project


def compile_error(project, models) -> str:
    """`models`: the list of model blocks, or the whole `ml_tracing` vars."""
    settings = models if isinstance(models, dict) else {"models": models}
    result = project.dbt("compile", "--select", "stg_ml_tracing__predictions", expect_success=False,
                         vars={"ml_tracing": settings})
    return result.stdout + result.stderr


def test_valid_configuration_compiles(project):
    project.dbt("compile", "--select", "stg_ml_tracing__predictions")
    boolean_label = variant(predictions="churn_flag_predictions", positive_label=True,
                            columns={"predicted_label": "churn_flag", "predicted_score": "churn_score",
                                     "actual_label": "churned"})
    project.dbt("compile", "--select", "stg_ml_tracing__predictions", vars={"ml_tracing": {"models": [boolean_label]}})


def test_a_column_sliced_in_a_block_and_measured_as_a_feature_parses(project):
    """`kind` given in one place and left `auto` in the other: resolved from the
    column's type when dbt runs, never judged at parse, when types are unknown."""
    block = variant(slice_columns=["plan", {"name": "tenure", "kind": "numeric", "bins": 3}], features=["tenure"])
    for command in ["parse", "compile"]:
        project.dbt(command, *(["--select", "stg_ml_tracing__predictions"] if command == "compile" else []),
                    vars={"ml_tracing": {"models": [block]}})


def test_column_roles_under_defaults_apply_role_by_role(project):
    """`defaults: columns:` maps roles for every model; a model's own `columns` override them one role at a time."""
    settings = {"defaults": {"columns": {"predicted_label": "predicted_churn", "predicted_score": "churn_score"}},
                "models": [variant(columns={"actual_label": "churned"}),
                           variant(name="churn_scores_only", columns={"predicted_label": None, "actual_label": "churned"})]}
    project.dbt("compile", "--select", "stg_ml_tracing__predictions", vars={"ml_tracing": settings})
    compiled = project.compiled_sql("stg_ml_tracing__predictions")
    churn, scores_only = compiled.split("'churn_scores_only'", 1)
    assert "predicted_churn" in churn and "churn_score" in churn
    assert "churn_score" in scores_only and "predicted_churn" not in scores_only


CASES = {
    "missing task": (
        [variant(task=None)], ["model 'churn'", "setting 'task': missing: every model needs its task.",
                               "Valid: binary_classification, multiclass_classification, regression"]),
    "numeric slice column that holds text": (
        [variant(slice_columns=["plan", {"name": "region", "kind": "numeric"}])],
        ["model 'churn', setting 'slice_columns.region': is `kind: numeric`, but column 'region' of "
         "ref('churn_predictions') is ", "Valid: kind: categorical, or a numeric column"]),
    "unknown task": (
        [variant(task="binary")], ["model 'churn'", "setting 'task'", "unknown task: binary",
                                   "binary_classification, multiclass_classification, regression"]),
    "unknown metric": (
        [variant(metrics=["recal"])], ["model 'churn'", "setting 'metrics'", "unknown metric: recal", "recall"]),
    "metric of another task": (
        [variant(metrics=["mae"])], ["model 'churn'", "'mae' does not apply to task binary_classification",
                                     "Valid: accuracy"]),
    "score metric without a score": (
        [variant(metrics=["log_loss"], columns={"predicted_label": "predicted_churn", "actual_label": "churned"})],
        ["model 'churn'", "'log_loss' needs a score", "columns.predicted_score"]),
    "primary metric not among the metrics": (
        [variant(metrics=["recall"], primary_metric="precision")],
        ["setting 'primary_metric'", "'precision' is not one of the model's metrics", "Valid: recall"]),
    "slice column that is the label": (
        [variant(slice_columns=["plan", "predicted_churn"])],
        ["setting 'slice_columns'", "'predicted_churn' is mapped as the id, timestamp, prediction or actual"]),
    "slice column that is the actual label": (
        [variant(slice_columns=["plan", "churned"])],
        ["model 'churn'", "setting 'slice_columns'", "'churned' is mapped as the id, timestamp, prediction or actual",
         "slicing on it would leak the label", "Valid: feature or context columns"]),
    "feature that is the score": (
        [variant(features=["plan", "churn_score"])],
        ["model 'churn'", "setting 'features'", "'churn_score' is mapped as the id, timestamp, prediction or actual",
         "the prediction and the actual are measured for drift anyway"]),
    "depth larger than the slice columns": (
        [variant(max_slice_depth=3)], ["setting 'max_slice_depth'", "is 3 but only 2 slice columns",
                                      "an integer from 1 to 2"]),
    "fractional depth": (
        [variant(max_slice_depth=1.5)], ["model 'churn', setting 'max_slice_depth': must be a positive integer, got: 1.5."]),
    "non-positive minimum slice size": (
        [variant(min_slice_rows=0)], ["setting 'min_slice_rows'", "must be a positive integer, got: 0"]),
    "negative minimum slice size": (
        [variant(min_slice_rows=-5)], ["model 'churn'", "setting 'min_slice_rows'", "must be a positive integer, got: -5"]),
    "unknown baseline kind": (
        [variant(baseline={"kind": "last_month"})],
        ["setting 'baseline.kind'", "environment, fixed_period, rolling, model_version"]),
    "model version baseline listing two versions": (
        [variant(columns={**VALID["columns"], "model_version": "region"},
                 baseline={"kind": "model_version", "model_version": ["v1", "v1.1"]})],
        ["model 'churn', setting 'baseline.model_version': must be one value, got: ['v1', 'v1.1'].",
         "Valid: one model version; to compare with several as one, give them one name in a model of your own"]),
    "environment baseline without an environment column": (
        [variant(baseline={"kind": "environment", "environment": "training"})],
        ["setting 'baseline'", "needs `columns.environment` mapped"]),
    "rolling baseline without days": (
        [variant(baseline={"kind": "rolling"})], ["setting 'baseline.days'", "needs `days`"]),
    # window frame offsets: PostgreSQL refuses a fractional RANGE offset over day numbers, rounds a ROWS one
    "rolling baseline of a fraction of days": (
        [variant(baseline={"kind": "rolling", "days": 1.5})],
        ["model 'churn', setting 'baseline.days': must be a positive whole number of days, got: 1.5."]),
    # the baseline holds the windows starting in the days before: 28 reach the month before only from March
    "rolling baseline shorter than a month window": (
        [variant(window_grain="month", baseline={"kind": "rolling", "days": 28})],
        ["model 'churn', setting 'baseline.days': 28 days before a month window do not always reach the start of the "
         "month before it", "Valid: at least 31 with `window_grain: month` (31 per earlier month: 62 for the two months before)."]),
    "rolling baseline shorter than a week window": (
        [variant(window_grain="week", baseline={"kind": "rolling", "days": 3})],
        ["model 'churn', setting 'baseline.days': 3 days before a week window", "Valid: at least 7 with `window_grain: week`"]),
    "rolling statistics over a fraction of windows": (
        [variant(rolling_windows=2.5)], ["model 'churn', setting 'rolling_windows': must be a positive integer, got: 2.5."]),
    "fixed period the wrong way round": (
        [variant(baseline={"kind": "fixed_period", "start": "2026-02-01", "end": "2026-01-01"})],
        ["setting 'baseline'", "must be before end"]),
    "fixed period start that is not a date": (
        [variant(baseline={"kind": "fixed_period", "start": "last month", "end": "2026-01-01"})],
        ["model 'churn', setting 'baseline.start': must be a date or timestamp (YYYY-MM-DD[ HH:MM:SS]), got: last month."]),
    "threshold turned on with true": (
        [variant(thresholds={"js_distance": True})],
        ["model 'churn', setting 'thresholds.js_distance': must be a mapping {warn: <number>, error: <number>}, "
         "or false to raise no alerts for the check, got: True."]),
    "duplicate model names": (
        [VALID, VALID], ["model 'churn'", "setting 'name'", "used by more than one monitored model"]),
    "unknown window grain": (
        [variant(window_grain="hour")], ["setting 'window_grain'", "unknown grain: hour", "day, week, month"]),
    "misspelt setting": (
        [variant(slice_column=["plan"])], ["setting 'slice_column'", "unknown setting", "slice_columns"]),
    "removed setting": (
        [variant(incremental_lookback_days=7)],
        ["model 'churn', setting 'incremental_lookback_days': removed: an incremental run sees an actual edited in "
         "place at any age", "Valid: delete the setting"]),
    "removed setting in the defaults": (
        {"models": [VALID], "defaults": {"incremental_lookback_days": 3}},
        ["`vars: ml_tracing: defaults:`, setting 'incremental_lookback_days': removed"]),
    "multiclass without classes": (
        [variant(task="multiclass_classification", metrics=["accuracy"])],
        ["setting 'classes'", "needs the list of its class labels"]),
    "a class listed twice": (
        [variant(task="multiclass_classification", metrics=["macro_recall"], classes=["yes", "no", "yes"])],
        ["model 'churn', setting 'classes': lists a label twice", "Valid: each class label once"]),
    "regression without a predicted value": (
        [variant(task="regression", metrics=["mae"])],
        ["setting 'columns.predicted_value'", "a regression model needs its prediction mapped"]),
    "a number mapped as the prediction time": (
        [variant(columns={**VALID["columns"], "predicted_at": "tenure"})],
        ["model 'churn', setting 'columns.predicted_at': column 'tenure' of ref('churn_predictions') is double",
         "read as a timestamp", "convert epoch seconds in a model of your own"]),
    "a boolean mapped as the prediction time": (
        [variant(predictions="churn_flag_predictions", columns={**VALID["columns"], "predicted_at": "churn_flag"})],
        ["model 'churn', setting 'columns.predicted_at': column 'churn_flag' of ref('churn_flag_predictions') is",
         "read as a timestamp"]),
    "score threshold out of range": (
        [variant(score_threshold=1.5)], ["setting 'score_threshold'", "between 0 and 1, got: 1.5"]),
    # read as a number: a text column would fail at run time on its first word
    "score mapped to a text column": (
        [variant(columns={"predicted_label": "predicted_churn", "predicted_score": "region", "actual_label": "churned"},
                 slice_columns=["plan"])],
        ["model 'churn', setting 'columns.predicted_score': column 'region' of ref('churn_predictions') is ",
         "but the role is read as a number.", "Valid: a numeric column (cast it in a model of your own)"]),
    "mapped column missing from the relation": (
        [variant(columns={"predicted_label": "predicted_chrun", "actual_label": "churned"})],
        ["model 'churn'", "setting 'columns.predicted_label'", "column 'predicted_chrun' is not in ref('churn_predictions')",
         "Valid: churn_score, plan, predicted_at, predicted_churn, prediction_id, region"]),
    "boolean label with a positive label it never takes": (
        [variant(predictions="churn_flag_predictions",
                 columns={"predicted_label": "churn_flag", "predicted_score": "churn_score", "actual_label": "churned"})],
        ["model 'churn', setting 'positive_label': '1' matches no value of the boolean column 'churn_flag' "
         "(columns.predicted_label in ref('churn_flag_predictions')), which reads as 'true' or 'false'.",
         "Valid: true (or false)."]),
    "slice column missing from the relation": (
        [variant(slice_columns=["plan", "country"])],
        ["setting 'slice_columns'", "column 'country' is not in ref('churn_predictions')",
         "Valid: plan, region, tenure."]),  # not the id, timestamp, prediction or score, which would be refused
    "column of two kinds in two models": (
        [variant(slice_columns=["plan", {"name": "tenure", "kind": "categorical"}]),
         variant(name="churn_two", features=[{"name": "tenure", "kind": "numeric"}])],
        ["model 'churn_two', setting 'features.tenure': is numeric here but categorical as slice_columns.tenure "
         "of model 'churn'", "Valid: set the same `kind` in both places"]),
    "unknown key of a column block": (
        [variant(slice_columns=["plan", {"name": "tenure", "bin": 3}])],
        ["model 'churn', setting 'slice_columns.tenure.bin': unknown key of a column block.", "Valid: name, kind, bins."]),
    "too few slice bins for every numeric slice column": (
        [variant(numeric_slice_bins=1)],
        ["model 'churn', setting 'numeric_slice_bins': must be an integer of at least 2, got: 1."]),
    "too few bins in a column block": (
        [variant(slice_columns=["plan", {"name": "tenure", "bins": 1}])],
        ["model 'churn', setting 'slice_columns.tenure.bins': must be an integer of at least 2, got: 1."]),
    "environment baseline of the monitored environment": (
        [variant(columns={**VALID["columns"], "environment": "region"}, slice_columns=["plan"],
                 baseline={"kind": "environment", "environment": "production"})],
        ["model 'churn', setting 'baseline.environment': 'production' is the monitored environment",
         "Valid: another environment (training, validation, ...), or a rolling or fixed_period baseline of production"]),
    "baseline key of another kind": (
        [variant(baseline={"kind": "rolling", "days": 7, "environment": "training"})],
        ["model 'churn', setting 'baseline.environment': not a setting of a 'rolling' baseline.", "Valid: kind, days."]),
    "error level less severe than the warn level": (
        [variant(thresholds={"psi": {"warn": 0.3, "error": 0.1}})],
        ["model 'churn', setting 'thresholds.psi': the error level (0.1) is less severe than the warn level (0.3)",
         "Valid: error above warn, e.g. {warn: 0.1, error: 0.3}."]),
    "coverage error level above the warn level": (
        [variant(feature_thresholds={"predicted_score": {"actuals_coverage": {"warn": 0.5, "error": 0.9}}})],
        ["setting 'feature_thresholds.predicted_score.actuals_coverage': the error level (0.9) is less severe",
         "Valid: error below warn"]),
    "classes on a binary model": (
        [variant(classes=["yes", "no"])],
        ["model 'churn', setting 'classes': only a multiclass model has classes; this one is binary_classification.",
         "Valid: remove `classes`, or `task: multiclass_classification`."]),
    "unknown section of the settings": (
        {"model": [VALID]}, ["`vars: ml_tracing:`, setting 'model': unknown setting. Valid: models, defaults, "]),
    "unknown setting under defaults": (
        {"defaults": {"min_slice_row": 10}, "models": [VALID]},
        ["`vars: ml_tracing: defaults:`, setting 'min_slice_row': unknown setting", "Valid: ", "min_slice_rows"]),
    "unknown column role under defaults": (
        {"defaults": {"columns": {"predicted_labl": "predicted_churn"}}, "models": [VALID]},
        ["`vars: ml_tracing: defaults:`, setting 'columns.predicted_labl': unknown column role.", "Valid: prediction_id, "]),
    "relation of the project that is not built yet": (
        [variant(predictions="churn_predictions_unbuilt")],
        ["model 'churn', setting 'predictions': ref('churn_predictions_unbuilt') does not exist in the warehouse yet.",
         "Valid: build it first"]),
    "relation that does not exist": (
        [variant(predictions="churn_predictionz")], ["churn_predictionz", "was not found"]),
    "unknown threshold check": (
        [variant(thresholds={"pssi": {"warn": 0.1}})], ["setting 'thresholds.pssi'", "unknown check: pssi", "psi"]),
    "threshold level that is not a number": (
        [variant(thresholds={"psi": {"warn": "high"}})], ["setting 'thresholds.psi.warn'", "with a number"]),
    "threshold for a feature that is not measured": (
        [variant(features=["plan"], feature_thresholds={"region": {"psi": {"warn": 0.2}}})],
        ["setting 'feature_thresholds.region'", "is not one of the model's drift features", "Valid: plan, predicted_score, predicted_label, actual_label"]),
    "confidence level out of range": (
        [variant(confidence_level=95)], ["model 'churn'", "setting 'confidence_level'", "from 0.5 to 0.9999, got: 95"]),
    "false-discovery rate out of range": (
        [variant(false_discovery_rate=0)], ["setting 'false_discovery_rate'", "strictly between 0 and 1, got: 0"]),
    "unknown slice ranking": (
        [variant(rank_slices_by="p_value")], ["setting 'rank_slices_by'", "unknown ranking: p_value",
                                              "Valid: impact_score, pessimistic_impact"]),
    "number given as text": (
        [variant(min_slice_rows="30")], ["setting 'min_slice_rows': must be a positive integer, got: '30' (text)."]),
    "non-positive minimum window size": (
        [variant(min_window_rows=0)], ["setting 'min_window_rows'", "must be a positive integer, got: 0"]),
    "malformed relation": (
        [variant(actuals={"table": "x"})], ["setting 'actuals'", "not a relation", "{source: [source_name, table_name]}"]),
    "slice column named like a column of the package": (
        [variant(slice_columns=["plan", "scope"])],
        ["model 'churn'", "setting 'slice_columns'", "'scope' is a name ml_tracing gives its own columns",
         "Valid: a name that is not reserved", 'e.g. `select *, "scope" as churn_scope`, and list the copy instead', "README's Column names section"]),
    "feature named like a metric component, in capitals": (
        [variant(features=["plan", "N_Rows"])],
        ["model 'churn'", "setting 'features'", "'N_Rows' is a name ml_tracing gives its own columns"]),
    "slice column named like a column role, mapped to it": (
        [variant(columns={"model_version": "model_version", "predicted_label": "predicted_churn", "actual_label": "churned"},
                 slice_columns=["plan", "model_version"])],
        ["setting 'slice_columns'", "'model_version' is a name ml_tracing gives its own columns",
         'e.g. `select *, "model_version" as churn_model_version`, and list the copy instead']),
    "slice column named like a numbered metric component": (
        [variant(slice_columns=["plan", "class_tp_2"])], ["setting 'slice_columns'", "'class_tp_2' is a name ml_tracing"]),
    "slice column named like a column of the pruned search": (
        [variant(slice_columns=["plan", "value_mark_plan"])], ["'value_mark_plan' is a name ml_tracing"]),
    "slice column named like an SQL keyword": (
        [variant(slice_columns=["plan", "group"])],
        ["model 'churn'", "setting 'slice_columns'", "'group' is an SQL keyword that DuckDB or PostgreSQL reserves",
         "Valid: a name that is not a reserved keyword", 'e.g. `select *, "group" as churn_group`']),
    "feature named like a keyword only PostgreSQL reserves": (
        [variant(features=["user"])], ["setting 'features'", "'user' is an SQL keyword"]),
    "slice column that is not a plain identifier": (
        [variant(slice_columns=["plan", "Plan Type"])],
        ["model 'churn'", "setting 'slice_columns'", "'Plan Type' is not a plain SQL identifier",
         "Valid: letters, digits and underscores", 'e.g. `select *, "Plan Type" as churn_plan_type`']),
}


@pytest.mark.parametrize("case", list(CASES))
def test_configuration_error_names_model_setting_and_choices(project, case):
    models, fragments = CASES[case]
    output = compile_error(project, models)
    for fragment in fragments:
        assert fragment in output, f"{case}: {fragment!r} not in dbt output:\n{output[-2500:]}"


@pytest.mark.all_engines
def test_a_project_without_monitored_models_builds_empty_marts(tmp_path, engine):
    """Installing the package before configuring a model: every model and test of
    the package builds, twice (the second run incremental), and the marts are empty."""
    project = DbtProject(tmp_path, engine)
    project.vars = {"ml_tracing": {"models": []}}
    project.dbt("deps")
    for _ in range(2):
        project.build()
    for mart in ["ml_tracing__inferences", "ml_tracing__slice_metrics", "ml_tracing__slice_impact",
                 "ml_tracing__feature_drift", "ml_tracing__alerts"]:
        assert project.table(mart).empty, mart


RUN_TIME_CASES = {
    "baseline that selects no rows": (
        {"baseline": {"kind": "fixed_period", "start": "2025-01-01", "end": "2025-02-01"}},
        ["model 'churn'", "setting 'baseline'",
         "{kind: fixed_period, start: 2025-01-01, end: 2025-02-01} selects none of the 2 predictions of ref('churn_predictions')",
         "Valid: a period overlapping the monitored predictions, which run from 2026-01-01 00:00:00 to 2026-01-02 00:00:00"]),
    "production environment that selects no rows": (
        {"columns": {**VALID["columns"], "environment": "region"}, "slice_columns": ["plan"],
         "baseline": {"kind": "rolling", "days": 7}},
        ["model 'churn', setting 'production_environment': 'production' selects none of the 2 predictions of "
         "ref('churn_predictions'): nothing would be monitored.", "Valid: environment values present in the predictions: eu, us."]),
    "positive label that is none of the labels": (
        {"positive_label": "yes"},
        ["model 'churn', setting 'positive_label': 'yes' is none of the 2 label values of ref('churn_predictions') "
         "and its actuals, so no row would count as positive.", "Valid: one of 0, 1."]),
    "positive label with a quote": (
        {"positive_label": "it's"},
        ["model 'churn', setting 'positive_label': 'it's' is none of the 2 label values", "Valid: one of 0, 1."]),
}


@pytest.mark.parametrize("case", list(RUN_TIME_CASES))
def test_a_setting_that_selects_no_rows_fails_the_run_naming_model_and_setting(project, case):
    """Known only once the predictions are in: the run stops at the inference store."""
    changes, fragments = RUN_TIME_CASES[case]
    result = project.dbt("run", "--select", "+ml_tracing__inferences", "--full-refresh", expect_success=False,
                         vars={"ml_tracing": {"models": [variant(**changes)]}})
    output = result.stdout + result.stderr
    for fragment in fragments:
        assert fragment in output, f"{case}: {fragment!r} not in dbt output:\n{output[-2500:]}"
    # the valid configuration runs, from scratch: the failed run checked the predictions under other settings
    project.dbt("run", "--select", "+ml_tracing__inferences", "--full-refresh")


def _run_with(project, *args, expect_success=True, **changes):
    return project.dbt("run", "--select", "+ml_tracing__inferences", *args, expect_success=expect_success,
                       vars={"ml_tracing": {"models": [variant(**changes)]}})


@pytest.mark.also_on("postgres")
def test_changed_settings_stop_an_incremental_run_until_a_full_refresh(project):
    """An incremental run keeps the windows it does not reprocess: under changed settings
    it would mix windows computed both ways, so it stops, naming the model, until a
    `--full-refresh`; alert thresholds can change without one. A table of a version
    that recorded no settings stops the run too."""
    _run_with(project, "--full-refresh")
    _run_with(project)  # nothing changed
    _run_with(project, thresholds={"psi": {"warn": 0.3, "error": 0.5}}, grouping_sets_per_query=8)
    for changes in [{"min_slice_rows": 50}, {"positive_label": "0"}, {"slice_columns": ["plan"]}]:
        result = _run_with(project, expect_success=False, **changes)
        output = result.stdout + result.stderr
        for fragment in ["model 'churn', setting 'models': the settings changed since int_ml_tracing__prediction_checks",
                         "Valid: rebuild once: dbt build --full-refresh --select ml_tracing."]:
            assert fragment in output, f"{changes}: {fragment!r} not in dbt output:\n{output[-2500:]}"
    _run_with(project, "--full-refresh", min_slice_rows=50)
    _run_with(project, min_slice_rows=50)  # the rebuilt tables hold the new settings

    # a run that leaves the checks out does not pass them by
    after_checks = ["int_ml_tracing__scoped_predictions", "ml_tracing__inferences"]
    project.dbt("run", "--select", *after_checks, vars={"ml_tracing": {"models": [variant(min_slice_rows=50)]}})
    result = project.dbt("run", "--select", *after_checks, expect_success=False,
                         vars={"ml_tracing": {"models": [variant(min_slice_rows=60)]}})
    output = result.stdout + result.stderr
    for fragment in ["model 'churn', setting 'models': the settings changed since int_ml_tracing__prediction_checks "
                     "checked the rows, and this run does not select it: int_ml_tracing__scoped_predictions would add",
                     "Valid: run the checks too: dbt build --select ml_tracing"]:
        assert fragment in output, f"{fragment!r} not in dbt output:\n{output[-2500:]}"

    # a new model changes the tables the models share when it brings a metric component
    # the slice tables did not carry, or slices on a column that was only a feature
    churn = variant(features=["tenure"])
    for added, stops in [(variant(name="churn_copy"), False),
                         (variant(name="churn_brier", metrics=["accuracy", "brier_score"]), True),
                         (variant(name="churn_tenure", slice_columns=["tenure"]), True)]:
        for models, refresh, expect_success in [([churn], ["--full-refresh"], True), ([churn, added], [], not stops)]:
            result = project.dbt("run", "--select", "+ml_tracing__inferences", *refresh,
                                 expect_success=expect_success, vars={"ml_tracing": {"models": models}})
        if stops:
            assert "model 'churn', setting 'models': the settings changed" in result.stdout, (added, result.stdout[-2500:])
    project.dbt("run", "--select", "+ml_tracing__inferences", "--full-refresh")

    if project.engine != "spark":  # parquet tables drop no column
        checks = project.package_relation("int_ml_tracing__prediction_checks")
        project.execute(f"alter table {checks} drop column settings_fingerprint")
        result = _run_with(project, expect_success=False)
        output = result.stdout + result.stderr
        assert "int_ml_tracing__prediction_checks was built by an earlier version of ml_tracing" in output, output[-2500:]
        project.dbt("run", "--select", "+ml_tracing__inferences", "--full-refresh")


GATE_ARGUMENT_CASES = {
    "threshold that is not a number": (
        "expect_psi_to_be_below", {"ml_model": "churn", "threshold": "high"},
        ["expect_psi_to_be_below: `threshold` must be a number of at least 0, got: 'high' (text)"]),
    "max_drop given as text": (
        "expect_metric_not_to_drop", {"ml_model": "churn", "max_drop": "0.1"},
        ["expect_metric_not_to_drop: `max_drop` must be a number of at least 0, got: '0.1' (text)"]),
    # the gate reads the marts: a `where` on the model it is attached to cannot filter them
    "where on a gate": (
        "expect_psi_to_be_below", {"ml_model": "churn", "threshold": 0.2},
        ["expect_psi_to_be_below: `where` cannot apply: the gate reads ml_tracing's marts",
         "got: predicted_at >= '2030-01-01'"], {"config": {"where": "predicted_at >= '2030-01-01'"}}),
    "pessimistic impact of a metric without an interval": (
        "expect_top_slice_impact_to_be_below", {"ml_model": "churn", "threshold": 0.1, "metric": "f1",
                                                "score": "pessimistic_impact"},
        ["expect_top_slice_impact_to_be_below: `score: pessimistic_impact` is NULL for f1 (no confidence interval)"]),
    "metric gate on a model without actuals": (
        "expect_metric_not_to_drop", {"ml_model": "churn", "max_drop": 0.1},
        ["expect_metric_not_to_drop: churn has no `actuals` relation, so no metric is ever computed"],
        {"models": [variant(actuals=None, columns={"predicted_label": "predicted_churn", "predicted_score": "churn_score"})]}),
    "unknown windows": (
        "expect_psi_to_be_below", {"ml_model": "churn", "threshold": 0.2, "windows": "last"},
        ["expect_psi_to_be_below: `windows` must be 'all' or 'latest', got: last"]),
    "unknown top-slice score": (
        "expect_top_slice_impact_to_be_below", {"ml_model": "churn", "threshold": 0.1, "score": "raw"},
        ["expect_top_slice_impact_to_be_below: `score` must be one of impact_score, pessimistic_impact",
         "got: raw"]),
    # a name that matches nothing would leave the gate no rows to judge: it would pass
    "unknown monitored model": (
        "expect_metric_not_to_drop", {"ml_model": "chrun", "max_drop": 0.1},
        ["expect_metric_not_to_drop: `ml_model` must be one of the monitored models: churn, got: chrun"]),
    "metric the model does not compute": (
        "expect_top_slice_impact_to_be_below", {"ml_model": "churn", "threshold": 0.1, "metric": "mae"},
        ["expect_top_slice_impact_to_be_below: `metric` must be one of the metrics of churn: "
         "accuracy, f1, false_positive_rate, precision, recall, got: mae"]),
    "metric no monitored model computes": (
        "expect_metric_to_be_within_stddevs", {"metric": "recal"},
        ["expect_metric_to_be_within_stddevs: `metric` must be one of the metrics of the monitored models: "
         "accuracy, f1, false_positive_rate, precision, recall, got: recal"]),
    "column that is not a drift feature": (
        "expect_psi_to_be_below", {"ml_model": "churn"},
        ["expect_psi_to_be_below: `column_name` must be one of the drift features (`features`, the prediction "
         "and the actual) of churn: actual_label, predicted_label, predicted_score, or the prediction's or the actual's "
         "column: churn_score (predicted_score), churned (actual_label), predicted_churn (predicted_label), got: plan"],
        {"column": "plan"}),
    "null-rate column that is not a drift feature": (
        "expect_null_rate_to_be_below", {"ml_model": "churn", "threshold": 0.1},
        ["expect_null_rate_to_be_below: `column_name` must be one of the drift features", "got: region"],
        {"column": "region"}),
    # a threshold out of its range fails every window, or none, whatever the data
    "negative threshold": (
        "expect_psi_to_be_below", {"ml_model": "churn", "threshold": -0.1},
        ["expect_psi_to_be_below: `threshold` must be a number of at least 0, got: -0.1"]),
    "negative k": (
        "expect_metric_to_be_within_stddevs", {"ml_model": "churn", "k": -2},
        ["expect_metric_to_be_within_stddevs: `k` must be a number of at least 0, got: -2"]),
    "boolean max_drop": (
        "expect_metric_not_to_drop", {"ml_model": "churn", "max_drop": True},
        ["expect_metric_not_to_drop: `max_drop` must be a number of at least 0, got: True"]),
    "infinite threshold": (
        "expect_js_distance_to_be_below", {"ml_model": "churn", "threshold": float("inf")},
        ["expect_js_distance_to_be_below: `threshold` must be a number of at least 0, got: inf"]),
    "share threshold no share can exceed": (
        "expect_unseen_share_to_be_below", {"ml_model": "churn", "threshold": 1},
        ["expect_unseen_share_to_be_below: `threshold` must be a share from 0 to below 1 (no share is above 1: "
         "the gate would pass whatever the data), got: 1"]),
    "minimum share above 1": (
        "expect_actuals_coverage_to_be_at_least", {"ml_model": "churn", "min_share": 1.5},
        ["expect_actuals_coverage_to_be_at_least: `min_share` must be a share above 0, at most 1", "got: 1.5"]),
    "relative given as text": (
        "expect_metric_not_to_drop", {"ml_model": "churn", "max_drop": 0.1, "relative": "false"},
        ["expect_metric_not_to_drop: `relative` must be true or false, got: 'false' (text)"]),
    "whole-model null rate without a column": (
        "expect_null_rate_to_be_below", {"threshold": 0.1},
        ["expect_null_rate_to_be_below: without `ml_model` the test judges one column: put it under a column"]),
    # without ml_model the test judges the whole relation: `latest` would be ignored
    "whole-model null rate for the latest window": (
        "expect_null_rate_to_be_below", {"threshold": 0.1, "windows": "latest"},
        ["expect_null_rate_to_be_below: `windows: latest` needs `ml_model`: without it the test judges the whole relation"],
        {"column": "region"}),
}


@pytest.mark.parametrize("case", list(GATE_ARGUMENT_CASES))
def test_gate_argument_error_names_the_test_argument_and_choices(project, case):
    gate, arguments, fragments, *options = GATE_ARGUMENT_CASES[case]
    options = options[0] if options else {}
    tests = [{f"ml_tracing.{gate}": {"arguments": arguments, **({"config": options["config"]} if "config" in options else {})}}]
    column = options.get("column")
    seed = {"name": "churn_predictions", **({"columns": [{"name": column, "data_tests": tests}]} if column
                                            else {"data_tests": tests})}
    schema = {"version": 2, "seeds": [seed]}
    path = project.root / "seeds" / "gate_arguments.yml"
    path.write_text(yaml.safe_dump(schema))
    models = options.get("models")
    try:
        result = project.dbt("compile", "--select", "churn_predictions", expect_success=False,
                             vars={"ml_tracing": {"models": models}} if models else None)
    finally:
        path.unlink()
    output = result.stdout + result.stderr
    for fragment in fragments:
        assert fragment in output, f"{case}: {fragment!r} not in dbt output:\n{output[-2500:]}"


# -- names a slice or feature column cannot take --------------------------------
SQL_TYPES = {"bigint", "boolean", "date", "decimal", "double", "float", "hugeint", "int", "integer", "interval",
             "numeric", "real", "smallint", "string", "text", "timestamp", "varchar"}
# `as <name>` naming a column: followed by a comma, `from` or `)`. Not a table alias
# (`from t as x`, `join t as x`, `(...) as x)`) nor a cast's type.
ALIAS = re.compile(r"(?<![\w\"])(?:(from|join)\s+[\w.\"]+\s+|(\)\s*))?as\s+\"?([a-z_][a-z0-9_]*)\"?"
                   r"(?=\s*(,|from\b|\)|\Z))?")


def column_aliases(sql: str) -> set[str]:
    aliases = set()
    for match in ALIAS.finditer(sql):
        table_alias, after_parenthesis, name, followed_by = match.groups()
        if table_alias or followed_by is None or name in SQL_TYPES or (after_parenthesis and followed_by == ")"):
            continue
        aliases.add(name)
    return aliases


def package_names_beside(project: DbtProject, user_columns: set[str], *compile_flags: str) -> set[str]:
    """The column names the package's models put next to the user's columns: in every
    model whose compiled SQL names one of them, its column aliases, its own columns
    and those of the package models it reads (as built in the warehouse)."""
    project.dbt("compile", *compile_flags)
    manifest = json.loads((project.root / "target" / "manifest.json").read_text())
    built = project.query("select table_name, column_name from information_schema.columns "
                          f"where table_schema = '{project.schema}_ml_tracing'")
    relation_columns = built.groupby("table_name").column_name.agg(lambda names: set(names.str.lower())).to_dict()
    mentions_user_column = re.compile(r"\b(" + "|".join(sorted(user_columns)) + r")\b")
    names = set()
    for node in manifest["nodes"].values():
        if node["package_name"] != "ml_tracing" or node["resource_type"] != "model":
            continue
        compiled = (project.root / "target" / "compiled" / "ml_tracing" / node["original_file_path"]).read_text()
        sql = re.sub(r"--[^\n]*", "", compiled.lower())
        if not mentions_user_column.search(sql):
            continue
        names |= column_aliases(sql) | relation_columns.get(node["name"], set())
        for dependency in node["depends_on"]["nodes"]:
            names |= relation_columns.get(dependency.split(".")[-1], set())
    return names - user_columns


def reserved_lists(project: DbtProject) -> dict[str, list[str]]:
    result = project.dbt("run-operation", "ml_tracing.print_reserved_column_names")
    return json.loads(next(line for line in result.stdout.splitlines() if line.startswith('{"names"')))


def is_reserved(name: str, reserved: dict[str, list[str]]) -> bool:
    return name in reserved["names"] or any(re.fullmatch(pattern, name) for pattern in reserved["patterns"])


def test_reserved_names_are_exactly_the_package_columns_beside_the_users(project, slices_project, inputs):
    """Derived from the compiled SQL of every task, both searches (the pruned one with
    its impact bounds: the churn model's ratio metrics), full and incremental runs."""
    slices_user_columns = {(column if isinstance(column, str) else column["name"]).lower()
                           for config in model_configs(inputs["classes"])
                           for column in config["slice_columns"] + config.get("features", [])}
    derived = set()
    for flags in [(), ("--full-refresh",)]:
        derived |= package_names_beside(slices_project, slices_user_columns, *flags)
        derived |= package_names_beside(project, {"plan", "region"}, *flags)
    reserved = reserved_lists(project)
    unreserved = sorted(name for name in derived if not is_reserved(name, reserved))
    assert not unreserved, f"columns beside the user's that a slice or feature column may take: {unreserved}"
    unused = sorted(set(reserved["names"]) - derived)
    assert not unused, f"reserved names no model puts beside the user's columns: {unused}"
    for pattern in reserved["patterns"]:
        assert any(re.fullmatch(pattern, name) for name in derived), f"no column matches {pattern!r}"


KEYWORD_CATALOGS = {
    "duckdb": "select keyword_name as word from duckdb_keywords() where keyword_category in ('reserved', 'type_function')",
    "postgres": "select word from pg_get_keywords() where catcode in ('R', 'T')",
}


@pytest.mark.also_on("postgres")
def test_reserved_keywords_hold_every_word_the_engine_reserves(project, engine):
    engine_words = set(project.query(KEYWORD_CATALOGS[engine]).word.str.lower())
    assert len(engine_words) > 50
    missing = sorted(engine_words - set(reserved_lists(project)["keywords"]))
    assert not missing, f"{engine} reserves keywords a slice or feature column may take: {missing}"


def test_readme_lists_the_reserved_names(project):
    section = (REPO_ROOT / "README.md").read_text().split("### Column names")[1].split("\n## ")[0]
    listed = next(line for line in section.splitlines() if line.startswith("- not one of the package's column names"))
    assert sorted(re.findall(r"`([a-z0-9_]+)`", listed)) == reserved_lists(project)["names"]


def three_prediction_project(root, engine) -> DbtProject:
    """A fresh project: three churn predictions over two days, two of them with an actual."""
    project = DbtProject(root, engine)
    project.write_seed("churn_predictions", pd.DataFrame({
        "prediction_id": ["a", "b", "c"], "predicted_at": ["2026-01-01 00:00:00", "2026-01-01 08:00:00", "2026-01-02 00:00:00"],
        "plan": ["free", "pro", "free"], "region": ["eu", "us", "us"], "tenure": [3.0, 40.0, 7.0],
        "predicted_churn": [1, 0, 1], "churn_score": [0.7, 0.2, 0.9]}),
        {"prediction_id": "string", "predicted_at": "timestamp", "plan": "string", "region": "string",
         "tenure": "double", "predicted_churn": "integer", "churn_score": "double"})
    project.write_seed("churn_actuals", pd.DataFrame({"prediction_id": ["a", "c"], "churned": [1, 0]}),
                       {"prediction_id": "string", "churned": "integer"})
    return project


def test_a_first_build_stopped_by_a_setting_builds_once_the_setting_is_fixed(tmp_path, engine):
    """A baseline that selects no rows stops the first build after the checks were
    built. Once it is fixed, a plain `dbt build` passes: no later model computed a
    window under the wrong setting, so the checks are computed again, not refused
    (which would ask for a --full-refresh), and the store equals a full refresh."""
    project = three_prediction_project(tmp_path / "first_build", engine)
    project.dbt("deps")
    wrong = variant(baseline={"kind": "fixed_period", "start": "2025-01-01", "end": "2025-02-01"}, slice_columns=["plan"])
    result = project.dbt("build", expect_success=False, vars={"ml_tracing": {"models": [wrong]}})
    assert "setting 'baseline'" in result.stdout and "selects none of the 3 predictions" in result.stdout
    assert not project.table("int_ml_tracing__prediction_checks").empty  # the checks were built
    fixed = {"ml_tracing": {"models": [variant(slice_columns=["plan"])]}}
    project.dbt("build", vars=fixed)
    incremental = project.table("ml_tracing__inferences").drop(columns="built_at")
    project.dbt("build", "--full-refresh", vars=fixed)
    full = project.table("ml_tracing__inferences").drop(columns="built_at")
    pd.testing.assert_frame_equal(incremental.sort_values("prediction_id").reset_index(drop=True),
                                  full.sort_values("prediction_id").reset_index(drop=True))
    assert len(full) == 3


def test_auto_kinds_wait_for_a_predictions_relation_not_built_yet(tmp_path, engine):
    """A first `dbt build` may compile the actuals' staging before a model's
    predictions (a dbt model of the user's) exist: there `kind: auto` stays
    unresolved, rather than reading as categorical against another model's numeric
    column of the same name and stopping the build."""
    project = three_prediction_project(tmp_path / "auto_kinds", engine)
    project.write_model("renewal_predictions", "select * from {{ ref('churn_predictions') }}")
    models = {"ml_tracing": {"models": [variant(features=["tenure"]),
                                        variant(name="renewal", predictions="renewal_predictions", features=["tenure"])]}}
    project.dbt("deps")
    project.dbt("seed", vars=models)
    project.dbt("run", "--select", "stg_ml_tracing__actuals", vars=models)  # renewal_predictions not built yet
    project.dbt("build", vars=models)
    bins = project.table("int_ml_tracing__bin_edges")
    assert set(bins.model_name[(bins.column_name == "tenure") & (bins.bin_purpose == "drift")]) == {"churn", "renewal"}


def test_a_deferred_build_reads_the_users_tables_from_the_state(project, tmp_path):
    """Slim CI: `dbt build --select package:ml_tracing --defer --state` into an empty
    schema reads the user's predictions where ref() reads them, in the state's schema."""
    project.dbt("run", "--select", "+ml_tracing__inferences")
    state = tmp_path / "state"
    shutil.copytree(project.root / "target", state)
    profiles_path = project.root / "profiles.yml"
    original = profiles_path.read_text()
    profiles = yaml.safe_load(original)
    outputs = profiles[project.name]["outputs"]
    outputs["ci"] = {**outputs[project.engine], "schema": "ci"}
    profiles_path.write_text(yaml.safe_dump(profiles))
    try:
        project.dbt("build", "--select", "package:ml_tracing", "--defer", "--state", str(state), "--target", "ci")
    finally:
        profiles_path.write_text(original)
    deferred = project.query("select prediction_id from ci_ml_tracing.ml_tracing__inferences order by 1")
    assert list(deferred.prediction_id) == sorted(project.table("ml_tracing__inferences").prediction_id)
    assert not deferred.empty
