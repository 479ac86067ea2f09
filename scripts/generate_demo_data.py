"""Generate the fraud demo's data: a fraud model, its training data, and a
production period in which it misses the fraud of one merchant.

The story. The model was trained on September's card transactions from ~40
merchants and catches most fraud there (recall ~0.85). In October a new merchant
appears in production, `scammeds.com` (category `online pharmacy`, almost all of
its traffic from `CA`, a little from `NV`, a state training never saw): about 15%
of production volume, a third of it fraud, and the model misses most of it.
Overall recall drops, and ml_tracing's slice table should put scammeds.com on top.

Actuals arrive late (0-10 days), ~7% never arrive, and ~1% of predictions get a
later correcting label (latest wins). The `clean` scenario has no scammeds.com.
Output is deterministic: the same files, byte for byte, on every run.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261123
STATES = ["CA", "TX", "NY", "FL", "WA", "IL", "GA", "AZ"]
CATEGORIES = {
    "grocery": ["freshmart", "greengrocer.com", "dailybasket", "cornerstore", "foodhall.net", "marketlane"],
    "electronics": ["gadgetbay.com", "circuitcity.net", "voltshop", "pixelstore.com", "byteworld"],
    "fuel": ["quickfuel", "roadstop", "gasngo", "fuelpoint", "petropass"],
    "travel": ["skyfare.com", "hotelhub.com", "railway.net", "carrent.com", "tripnest.com", "cruiseline.net"],
    "apparel": ["threadly.com", "shoebox", "denimdepot", "stylehaus.com", "outfitters.net"],
    "restaurants": ["pizzaplace", "burgerjoint", "sushibar", "tacotruck", "noodlehouse", "bistro21", "cafecrema"],
    "online pharmacy": ["healthrx.com", "pillpost.com"],
}
AMOUNT_SCALE = {"grocery": 45, "electronics": 260, "fuel": 50, "travel": 420, "apparel": 90,
                "restaurants": 35, "online pharmacy": 70}


def merchants(rng: np.random.Generator) -> pd.DataFrame:
    rows = [(m, c, rng.choice(STATES)) for c, names in CATEGORIES.items() for m in names]
    return pd.DataFrame(rows, columns=["merchant_id", "merchant_category", "home_state"])


def transactions(rng, merchant_table, start, days, per_day, environment, scammeds_share):
    """One environment's predictions: regular merchants plus, optionally, scammeds.com."""
    counts = rng.poisson(per_day, days)
    stamps = np.concatenate([
        (start + pd.Timedelta(days=d)).value + np.sort(rng.integers(0, 86_400, n)) * 1_000_000_000
        for d, n in enumerate(counts)
    ])
    n = len(stamps)
    frame = merchant_table.sample(n, replace=True, random_state=rng.integers(1 << 31)).reset_index(drop=True)
    travels = rng.random(n) < 0.15
    frame["state"] = np.where(travels, rng.choice(STATES, n), frame.home_state)
    is_scam = rng.random(n) < scammeds_share
    frame.loc[is_scam, ["merchant_id", "merchant_category"]] = ["scammeds.com", "online pharmacy"]
    frame.loc[is_scam, "state"] = np.where(rng.random(is_scam.sum()) < 0.95, "CA", "NV")
    frame["predicted_at"] = pd.to_datetime(stamps)
    frame["environment"] = environment
    frame["is_fraud"] = (rng.random(n) < np.where(is_scam, 0.35, 0.03)).astype(int)
    fraud = frame.is_fraud == 1
    scale = frame.merchant_category.map(AMOUNT_SCALE).to_numpy(dtype=float) * np.where(is_scam, 2.5, 1.0)
    frame["amount"] = np.round(rng.gamma(2.0, scale / 2.0) * np.where(fraud, 1.6, 1.0), 2)
    frame["card_age_days"] = np.where(fraud, rng.integers(0, 400, n), rng.integers(0, 3650, n)).astype(float)
    # the model: good on what it knows, blind to scammeds.com's fraud
    score = np.where(fraud, np.where(is_scam, rng.beta(1.5, 6, n), rng.beta(5, 2, n)), rng.beta(1.5, 12, n))
    frame["fraud_score"] = np.round(score, 4)
    frame["is_fraud_predicted"] = (frame.fraud_score >= 0.5).astype(int)
    return frame


def add_messiness(rng, frame):
    frame.loc[rng.random(len(frame)) < 0.005, "state"] = None
    production = frame.environment == "production"
    frame.loc[production & (rng.random(len(frame)) < 0.003), "card_age_days"] = np.nan
    return frame


def actuals_for(rng, frame):
    """Training: every label after 1-5 days. Production: late, sometimes missing, sometimes corrected."""
    training = frame.environment == "training"
    delay_days = np.where(training, rng.integers(1, 6, len(frame)), rng.uniform(0, 10, len(frame)))
    arrives = training | (rng.random(len(frame)) < 0.93)
    labels = pd.DataFrame({
        "prediction_id": frame.prediction_id,
        "is_fraud": frame.is_fraud,
        "labeled_at": (frame.predicted_at + pd.to_timedelta(np.round(delay_days * 86_400), unit="s")),
    })[arrives]
    corrected = labels[~training[arrives].to_numpy() & (rng.random(len(labels)) < 0.01)].copy()
    flips = rng.random(len(corrected)) < 0.5
    corrected["is_fraud"] = np.where(flips, 1 - corrected.is_fraud, corrected.is_fraud)
    corrected["labeled_at"] += pd.to_timedelta(rng.integers(3_600, 5 * 86_400, len(corrected)), unit="s")
    return pd.concat([labels, corrected]).sort_values(["prediction_id", "labeled_at"], kind="stable")


def generate(scenario: str):
    rng = np.random.default_rng(SEED)
    merchant_table = merchants(rng)
    training = transactions(rng, merchant_table, pd.Timestamp("2026-09-01"), 30, 400, "training", 0.0)
    production = transactions(rng, merchant_table, pd.Timestamp("2026-10-01"), 21, 900, "production",
                              0.15 if scenario == "drifted" else 0.0)
    frame = pd.concat([training, production], ignore_index=True).sort_values("predicted_at", kind="stable")
    frame["prediction_id"] = [f"p{i:06d}" for i in range(1, len(frame) + 1)]
    frame["model_version"] = "fraud-v1"
    frame = add_messiness(rng, frame.reset_index(drop=True))
    predictions = frame[["prediction_id", "predicted_at", "model_version", "environment", "merchant_id",
                         "merchant_category", "state", "amount", "card_age_days", "is_fraud_predicted",
                         "fraud_score"]].copy()
    predictions["card_age_days"] = predictions.card_age_days.astype("Int64")
    return predictions, actuals_for(rng, frame), frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder for the two CSV files")
    parser.add_argument("--scenario", choices=["drifted", "clean"], default="drifted")
    args = parser.parse_args()
    predictions, actuals, frame = generate(args.scenario)
    args.out.mkdir(parents=True, exist_ok=True)
    timestamp = "%Y-%m-%d %H:%M:%S"
    predictions.to_csv(args.out / "ml_tracing_demo_fraud_predictions.csv", index=False, date_format=timestamp)
    actuals.to_csv(args.out / "ml_tracing_demo_fraud_actuals.csv", index=False, date_format=timestamp)
    production = frame[frame.environment == "production"]
    print(f"predictions: {len(predictions)} rows, scammeds.com share of production "
          f"{(production.merchant_id == 'scammeds.com').mean():.3f}")
    print(f"actuals: {len(actuals)} rows ({actuals.prediction_id.duplicated().sum()} corrections)")


if __name__ == "__main__":
    main()
