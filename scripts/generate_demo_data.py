"""Generate the fraud demo's data: a fraud model's predictions and their actuals.

The story. `fraud-v1` was trained on September 2026: 12,000 card transactions at
40 merchants (grocery, electronics, fuel, travel, apparel, restaurants and two
legitimate online pharmacies) in eight states. About 3% are fraud and the model
catches most of it (recall ~0.9).

In production (2026-10-01 .. 2026-10-21, ~900 predictions a day) a merchant the
model never saw appears: `scammeds.com`, an `online pharmacy` selling mostly to
`CA` and a little to `NV` (a state absent from training), with higher amounts.
It is ~15% of production volume, ~35% of its traffic is fraud, and the model
misses most of it, so overall recall drops. ml_tracing's slice ranking should
put `merchant_id=scammeds.com` on top.

Actuals: training rows are all labeled 1-5 days later; production labels arrive
0-10 days late, ~7% never arrive, and ~1% get a later correcting label (for half
of them the first label was wrong; the latest label is the truth). A few states
and card ages are missing.

`--scenario clean` draws the same random numbers but serves scammeds.com's share
of production with regular merchants, so production looks like training. The
output is deterministic: the same bytes on every run.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261123
STATES = ["CA", "TX", "NY", "FL", "WA", "IL", "GA", "AZ"]
MERCHANTS = {
    "grocery": ["shopmart.com", "freshbasket", "greengrocer.com", "dailyharvest", "cornermarket", "foodhall.net"],
    "electronics": ["gadgetbay.com", "voltshop", "pixelstore.com", "byteworld.net", "circuitlane", "soundcity"],
    "fuel": ["quickfuel", "roadstop", "gasngo", "fuelpoint", "petropass", "fillup.net"],
    "travel": ["skyfare.com", "hotelhub.com", "railpass.net", "carrent.com", "tripnest.com", "cruiseline.net"],
    "apparel": ["threadly.com", "shoebox", "denimdepot", "stylehaus.com", "outfitters.net", "knitwit.com"],
    "restaurants": ["pizzaplace", "burgerjoint", "sushibar", "tacotruck", "noodlehouse", "bistro21", "cafecrema",
                    "grillhouse"],
    "online pharmacy": ["healthrx.com", "pillpost.com"],
}
MEDIAN_AMOUNT = {"grocery": 45, "electronics": 220, "fuel": 48, "travel": 380, "apparel": 75,
                 "restaurants": 32, "online pharmacy": 55}
NEW_MERCHANT, NEW_MEDIAN_AMOUNT = "scammeds.com", 140
COLUMNS = ["prediction_id", "predicted_at", "model_version", "environment", "merchant_id", "merchant_category",
           "state", "amount", "card_age_days", "is_fraud_predicted", "fraud_score"]
TIMESTAMP = "%Y-%m-%d %H:%M:%S"


def regular_merchants(rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """The 40 regular merchants: category, popularity and a home-heavy state distribution."""
    table = pd.DataFrame([(m, c) for c, names in MERCHANTS.items() for m in names],
                         columns=["merchant_id", "merchant_category"])
    popularity = rng.lognormal(0.0, 0.5, len(table))
    table["popularity"] = popularity / popularity.sum()
    state_weights = 0.15 * rng.dirichlet(np.ones(len(STATES)), len(table))   # shoppers who travel
    state_weights[np.arange(len(table)), rng.integers(0, len(STATES), len(table))] += 0.85
    return table, state_weights


def timestamps(rng, start: str, counts) -> pd.DatetimeIndex:
    """Uniform second-resolution timestamps: counts[d] of them on day d after start."""
    day = np.repeat(np.arange(len(counts)), counts)
    seconds = day * 86_400 + rng.integers(0, 86_400, len(day))
    return pd.Timestamp(start) + pd.to_timedelta(seconds, unit="s")


def transactions(rng, merchants, state_weights, predicted_at, environment, new_merchant_share):
    """One environment's scored transactions. Every draw covers all rows, so the
    random stream does not depend on the scenario."""
    n = len(predicted_at)
    is_new = rng.random(n) < new_merchant_share
    pick = rng.choice(len(merchants), n, p=merchants.popularity.to_numpy())
    cumulative = state_weights[pick].cumsum(axis=1)
    home_state = np.array(STATES)[(rng.random(n)[:, None] > cumulative).sum(axis=1).clip(max=len(STATES) - 1)]
    new_state = np.where(rng.random(n) < 0.95, "CA", "NV")
    frame = pd.DataFrame({
        "predicted_at": predicted_at,
        "environment": environment,
        "merchant_id": np.where(is_new, NEW_MERCHANT, merchants.merchant_id.to_numpy()[pick]),
        "merchant_category": np.where(is_new, "online pharmacy", merchants.merchant_category.to_numpy()[pick]),
        "state": np.where(is_new, new_state, home_state),
    })
    fraud = rng.random(n) < np.where(is_new, 0.35, 0.03)
    frame["is_fraud"] = fraud.astype(int)
    median = np.where(is_new, NEW_MEDIAN_AMOUNT, frame.merchant_category.map(MEDIAN_AMOUNT).to_numpy(float))
    frame["amount"] = (median * np.exp(0.6 * rng.standard_normal(n)) * np.where(fraud, 1.4, 1.0)).round(2)
    young, any_age = rng.exponential(120, n), rng.exponential(1100, n)      # fraud uses new cards
    frame["card_age_days"] = np.where(fraud, young, any_age).clip(0, 3650).astype(int)
    # the model: sharp on what it was trained on, blind to the new merchant's fraud
    caught, missed, legit = rng.beta(5, 2, n), rng.beta(2, 4.5, n), rng.beta(1.5, 12, n)
    frame["fraud_score"] = np.where(fraud, np.where(is_new, missed, caught), legit).round(4)
    frame["is_fraud_predicted"] = (frame.fraud_score >= 0.5).astype(int)
    return frame


def add_messiness(rng, frame: pd.DataFrame) -> pd.DataFrame:
    """~0.5% of states and 0.3% of production card ages are missing."""
    frame["state"] = frame.state.mask(rng.random(len(frame)) < 0.005)
    missing_age = (frame.environment == "production") & (rng.random(len(frame)) < 0.003)
    frame["card_age_days"] = frame.card_age_days.astype("Int64").mask(missing_age)
    return frame


def actuals_for(rng, frame: pd.DataFrame) -> pd.DataFrame:
    """Training: all labeled 1-5 days later. Production: 0-10 days late, ~7% missing,
    ~1% followed by a later correcting label (half of them with the other label)."""
    n = len(frame)
    training = (frame.environment == "training").to_numpy()
    delay = np.where(training, rng.integers(86_400, 5 * 86_400 + 1, n), rng.integers(0, 10 * 86_400 + 1, n))
    arrives = training | (rng.random(n) < 0.93)
    labels = pd.DataFrame({"prediction_id": frame.prediction_id, "is_fraud": frame.is_fraud,
                           "labeled_at": frame.predicted_at + pd.to_timedelta(delay, unit="s")})[arrives]
    is_corrected = ~training[arrives] & (rng.random(len(labels)) < 0.01)
    corrected = labels[is_corrected].copy()
    corrected["labeled_at"] += pd.to_timedelta(rng.integers(3_600, 5 * 86_400, len(corrected)), unit="s")
    # a flipped correction fixes a wrong first label: only the latest label is the truth
    wrong_first = is_corrected.copy()
    wrong_first[is_corrected] = rng.random(len(corrected)) < 0.5
    labels.loc[wrong_first, "is_fraud"] = 1 - labels.is_fraud[wrong_first]
    both = pd.concat([labels, corrected], ignore_index=True)
    return both.sort_values(["prediction_id", "labeled_at"], kind="stable", ignore_index=True)


def generate(scenario: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    merchants, state_weights = regular_merchants(rng)
    training_days = np.bincount(rng.integers(0, 30, 12_000), minlength=30)     # 12,000 rows over September
    production_days = 900 + rng.integers(-40, 41, 21)                          # ~900 a day for 21 days
    new_share = 0.15 if scenario == "drifted" else 0.0
    frame = pd.concat([
        transactions(rng, merchants, state_weights, timestamps(rng, "2026-09-01", training_days), "training", 0.0),
        transactions(rng, merchants, state_weights, timestamps(rng, "2026-10-01", production_days), "production",
                     new_share),
    ], ignore_index=True).sort_values("predicted_at", kind="stable", ignore_index=True)
    frame["prediction_id"] = [f"p{i:06d}" for i in range(1, len(frame) + 1)]
    frame["model_version"] = "fraud-v1"
    frame = add_messiness(rng, frame)
    actuals = actuals_for(rng, frame)
    predictions = frame[COLUMNS].sort_values(["predicted_at", "prediction_id"], ignore_index=True)
    return predictions, actuals


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Fixed text formats so the files are byte-stable: 2-decimal amounts, 4-decimal scores."""
    out = frame.copy()
    for column, digits in [("amount", 2), ("fraud_score", 4)]:
        if column in out:
            out[column] = out[column].map(lambda v, d=digits: f"{v:.{d}f}")
    out.to_csv(path, index=False, date_format=TIMESTAMP, lineterminator="\n")


def summarize(predictions: pd.DataFrame, actuals: pd.DataFrame) -> tuple[str, str]:
    """Production's share of new-merchant traffic, and its recall against the latest actuals."""
    production = predictions[predictions.environment == "production"]
    latest = actuals.drop_duplicates("prediction_id", keep="last")             # sorted by labeled_at
    labeled = production.merge(latest, on="prediction_id")
    recall = labeled.is_fraud_predicted[labeled.is_fraud == 1].mean()
    corrections = actuals.prediction_id.duplicated().sum()
    return (f"predictions: {len(predictions)} rows ({len(production)} production), "
            f"{NEW_MERCHANT} share of production {(production.merchant_id == NEW_MERCHANT).mean():.3f}, "
            f"production recall {recall:.3f}",
            f"actuals: {len(actuals)} rows, {corrections} corrections, "
            f"{len(labeled) / len(production):.3f} of production labeled")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder for the two CSV files")
    parser.add_argument("--scenario", choices=["drifted", "clean"], default="drifted")
    args = parser.parse_args()
    predictions, actuals = generate(args.scenario)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(predictions, args.out / "ml_tracing_demo_fraud_predictions.csv")
    write_csv(actuals, args.out / "ml_tracing_demo_fraud_actuals.csv")
    for line in summarize(predictions, actuals):
        print(line)


if __name__ == "__main__":
    main()
