"""The shared test project: four monitored models (binary ×2, multiclass, regression)
covering the four baseline kinds, on generated, deliberately messy data."""
from __future__ import annotations

import generated_data
from harness import DbtProject

BINARY_METRICS = ["accuracy", "precision", "recall", "f1", "false_positive_rate", "false_negative_rate",
                  "specificity", "log_loss", "brier_score", "predicted_positive_rate", "actual_positive_rate",
                  "calibration_error"]
MULTICLASS_METRICS = ["accuracy", "macro_precision", "macro_recall", "macro_f1"]
REGRESSION_METRICS = ["mean_error", "mae", "mse", "rmse", "mape", "wape", "r2"]


def model_configs(classes):
    return [
        {"name": "fraud", "task": "binary_classification", "predictions": "fraud_predictions",
         "actuals": {"ref": "fraud_actuals"},
         "columns": {"environment": "env", "predicted_label": "pred_label", "predicted_score": "score",
                     "actual_label": "label", "actual_observed_at": "labeled_at"},
         "slice_columns": ["state", "channel", {"name": "amount", "bins": 4}], "max_slice_depth": 3,
         "features": ["amount", "channel", "state"], "drift_bins": 6,
         "min_slice_rows": 1, "metrics": BINARY_METRICS, "primary_metric": "recall",
         "baseline": {"kind": "environment", "environment": "training"}},
        {"name": "fraud_fixed", "task": "binary_classification", "predictions": "fraud_predictions",
         "actuals": "fraud_actuals", "score_threshold": 0.6,
         "columns": {"environment": "env", "predicted_score": "score", "actual_label": "label",
                     "actual_observed_at": "labeled_at"},
         "slice_columns": ["channel", "state"], "max_slice_depth": 2, "min_slice_rows": 1,
         "slice_search": "exhaustive",
         "metrics": ["precision", "recall", "accuracy"],
         "baseline": {"kind": "fixed_period", "start": "2026-03-04", "end": "2026-03-05"}},
        {"name": "intent", "task": "multiclass_classification", "predictions": "intent_predictions",
         "actuals": "intent_actuals", "classes": classes,
         "columns": {"model_version": "version", "predicted_label": "predicted_intent", "actual_label": "intent",
                     "actual_observed_at": "labeled_at"},
         "slice_columns": ["region", "device"], "min_slice_rows": 1, "metrics": MULTICLASS_METRICS,
         "features": ["region"],
         "baseline": {"kind": "model_version", "model_version": "v1"}},
        {"name": "demand", "task": "regression", "predictions": "demand_predictions", "actuals": "demand_actuals",
         "columns": {"predicted_value": "forecast", "actual_value": "units", "actual_observed_at": "observed_at"},
         "slice_columns": ["segment", {"name": "store_size", "bins": 4}], "min_slice_rows": 1,
         "features": [{"name": "store_size", "bins": 5}, "segment"],
         "metrics": REGRESSION_METRICS, "baseline": {"kind": "rolling", "days": 2}},
    ]


def generate_inputs():
    fraud, fraud_actuals, fraud_latest, fraud_stale = generated_data.binary_frames()
    intent, intent_actuals, classes = generated_data.multiclass_frames()
    demand, demand_actuals = generated_data.regression_frames()
    return dict(fraud=fraud, fraud_actuals=fraud_actuals, fraud_latest=fraud_latest, fraud_stale=fraud_stale,
                intent=intent, intent_actuals=intent_actuals, classes=classes,
                demand=demand, demand_actuals=demand_actuals)


def build_slices_project(root, engine, inputs) -> DbtProject:
    project = DbtProject(root, engine)
    s, t, d, i = "string", "timestamp", "double", "integer"
    project.write_seed("fraud_seed", inputs["fraud"], {"prediction_id": s, "predicted_at": t, "env": s, "state": s,
                                                       "channel": s, "amount": d, "score": d, "pred_label": i})
    project.write_seed("fraud_actuals", inputs["fraud_actuals"], {"prediction_id": s, "label": i, "labeled_at": t})
    project.write_seed("intent_predictions", inputs["intent"], {"prediction_id": s, "predicted_at": t, "version": s,
                                                                "region": s, "device": s, "predicted_intent": s})
    project.write_seed("intent_actuals", inputs["intent_actuals"], {"prediction_id": s, "intent": s, "labeled_at": t})
    project.write_seed("demand_predictions", inputs["demand"], {"prediction_id": s, "predicted_at": t, "segment": s,
                                                                "store_size": d, "forecast": d})
    project.write_seed("demand_actuals", inputs["demand_actuals"], {"prediction_id": s, "units": d, "observed_at": t})
    # a model of the user's own, turning a sentinel into the empty string (CSV seeds read '' as NULL)
    project.write_model("fraud_predictions", """
        select
            prediction_id, predicted_at, env,
            case when state = '__empty__' then '' else state end as state,
            channel, amount, score, pred_label
        from {{ ref('fraud_seed') }}
    """)
    project.vars = {"ml_tracing": {"models": model_configs(inputs["classes"])}}
    project.build()
    return project
