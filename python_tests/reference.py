"""Independent computations of what ml_tracing's marts must contain.

Everything here works from the test's own pandas frames with numpy / pandas /
scikit-learn, never from the warehouse. Only the documented *formats* (slice key
text, bin labels) are shared with the package, since they are its specification.
"""
from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pandas as pd
from sklearn import metrics as skm

HIGHER_IS_BETTER = {
    "accuracy": True, "precision": True, "recall": True, "f1": True, "specificity": True,
    "false_positive_rate": False, "false_negative_rate": False, "log_loss": False, "brier_score": False,
    "calibration_error": False, "predicted_positive_rate": None, "actual_positive_rate": None,
    "macro_precision": True, "macro_recall": True, "macro_f1": True,
    "mean_error": None, "mae": False, "mse": False, "rmse": False, "mape": False, "wape": False, "r2": True,
}
RATIO_METRICS = {"accuracy", "precision", "recall", "f1", "false_positive_rate", "false_negative_rate",
                 "specificity", "log_loss", "brier_score", "predicted_positive_rate", "actual_positive_rate",
                 "mean_error", "mae", "mse", "mape", "wape"}


DRIFT_EPSILON = 1e-4  # the smoothing of empty bins (DESIGN: Drift)


def smoothed(shares: np.ndarray) -> np.ndarray:
    """Bin shares with every bin given DRIFT_EPSILON, renormalized."""
    return (shares + DRIFT_EPSILON) / (1 + len(shares) * DRIFT_EPSILON)


def psi(current: pd.Series, baseline: pd.Series) -> float:
    """The population stability index of two samples of bins (values or bin numbers;
    NULL is a bin of its own), over the bins either holds, smoothed."""
    c, b = current.fillna("<null>").value_counts(), baseline.fillna("<null>").value_counts()
    bins = list(set(c.index) | set(b.index))
    p, q = (smoothed((x.reindex(bins, fill_value=0) / x.sum()).to_numpy(float)) for x in (c, b))
    return float(np.sum((p - q) * np.log(p / q)))


def support(metric: str, rows: pd.DataFrame) -> float:
    """The rows a metric rests on (a ratio metric's denominator): the slice's weight."""
    evaluated = rows.dropna(subset=["pred", "actual"])
    if metric in ("precision",):
        return float((evaluated.pred == 1).sum())
    if metric in ("recall", "false_negative_rate"):
        return float((evaluated.actual == 1).sum())
    if metric in ("false_positive_rate", "specificity"):
        return float((evaluated.actual == 0).sum())
    if metric == "f1":
        tp = ((evaluated.pred == 1) & (evaluated.actual == 1)).sum()
        return float(2 * tp + (evaluated.pred != evaluated.actual).sum())
    if metric in ("log_loss", "brier_score", "calibration_error"):
        scored = rows.dropna(subset=["actual", "score"])
        return float(((scored.score >= 0) & (scored.score <= 1)).sum())
    if metric == "predicted_positive_rate":
        return float(rows.pred.notna().sum())
    if metric == "mape":
        return float((evaluated.actual != 0).sum())
    if metric == "wape":
        return float(evaluated.actual.abs().sum())
    return float(len(evaluated))


# -- slice keys and bins (the documented formats) --------------------------------
def encode_value(value: str) -> str:
    for character, code in [("%", "%25"), ("&", "%26"), ("=", "%3D"), ("\n", "%0A"), ("\r", "%0D")]:
        value = value.replace(character, code)
    return value


def slice_key(columns: tuple[str, ...], values: tuple) -> str:
    if not columns:
        return "all"
    parts = [f"{c} is null" if _is_null(v) else f"{c}={encode_value(str(v))}" for c, v in zip(columns, values)]
    return " & ".join(parts)


def _is_null(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def format_number(x: float) -> str | None:
    """A bin edge as short fixed point: whole numbers (below 1e15) as such, others
    (below 1e11) rounded half up to 4 decimals, or 4 significant digits below 1 (at
    most 10 decimals); None beyond, where the engines would not write it alike."""
    x = float(x)
    if math.isinf(x) or abs(x) >= 1e15:
        return _infinite_text(x)
    if x.is_integer():
        return str(int(x))
    if abs(x) >= 1e11:
        return None
    decimals = max(4, min(10, 3 - math.floor(math.log10(abs(x)))))
    return _fixed_point(math.floor(x * 10.0 ** decimals + 0.5), decimals)


def precise_number(x: float) -> str | None:
    """A bin edge rounded half up to 10 decimals (below 1e5; None beyond)."""
    x = float(x)
    if math.isinf(x) or abs(x) >= 1e5:
        return _infinite_text(x)
    return _fixed_point(math.floor(x * 1e10 + 0.5), 10)


def _infinite_text(x: float) -> str | None:
    return ("+inf" if x > 0 else "-inf") if math.isinf(x) else None


def _fixed_point(units: int, decimals: int) -> str:
    """units · 10^-decimals without trailing zeros."""
    whole, fraction = divmod(abs(units), 10 ** decimals)
    text = str(whole) + ("." + str(fraction).zfill(decimals).rstrip("0") if fraction else "")
    return ("-" if units < 0 else "") + text


def scientific_number(x: float) -> str:
    """A bin edge in scientific notation with the fewest significant digits that read
    back as it — of those, the middle one (the lower of two) — and the exponent E with
    float('1eE') <= |x| < float('1e(E+1)'): 1e-11, 1.0000000000000002e16."""
    x = float(x)
    if x == 0 or math.isinf(x):
        return _infinite_text(x) or "0"
    magnitude = abs(x)
    exponent = math.floor(math.log10(magnitude))
    while exponent < 308 and float(f"1e{exponent + 1}") <= magnitude:
        exponent += 1
    while float(f"1e{exponent}") > magnitude:
        exponent -= 1
    for count in range(1, 18):
        scale = exponent - count + 1
        center = round(Fraction(magnitude) / Fraction(10) ** scale)
        readable = [digits for digits in range(center - 20, center + 21)
                    if 10 ** (count - 1) <= digits < 10 ** count and float(f"{digits}e{scale}") == magnitude]
        if readable:
            digits = str(readable[(len(readable) - 1) // 2])
            mantissa = digits[0] + ("." + digits[1:] if count > 1 else "")
            return ("-" if x < 0 else "") + f"{mantissa}e{exponent}"
    raise AssertionError(f"no 17 significant digits read back as {x!r}")


def edge_texts(edges: list[float]) -> list[str]:
    """A column's edges as its bin labels write them: the first of short fixed point,
    10 decimals and scientific notation that gives every edge a text of its own."""
    for number in (format_number, precise_number):
        texts = [number(edge) for edge in edges]
        if None not in texts and len(set(texts)) == len(texts):
            return texts
    return [scientific_number(edge) for edge in edges]


def quantile_edges(reference: pd.Series, bins: int) -> list[float]:
    """Inverted-CDF quantiles k/bins of the reference values (the value at rank
    ⌈k·n/bins⌉, in whole numbers: np.quantile's k/bins·n is a float, a hair off for
    some k and n), repeated edges collapsed."""
    values = np.sort(reference.dropna().to_numpy(dtype=float))
    ranks = [-(-k * len(values) // bins) for k in range(1, bins)]
    return sorted({float(values[rank - 1]) for rank in ranks}) if len(values) else []


def bin_indices(values: pd.Series, edges: list[float]) -> pd.Series:
    """The [lower, upper) bin of each value, numbered from 1 (below the lowest edge)
    as np.searchsorted finds it; NULL stays NULL."""
    positions = np.searchsorted(np.asarray(edges, dtype=float), values.to_numpy(dtype=float), side="right") + 1
    return pd.Series(np.where(values.isna(), None, positions), index=values.index, dtype=object)


def bin_labels(values: pd.Series, edges: list[float]) -> pd.Series:
    """Label each value with its [lower, upper) bin (bin_indices); NULL stays NULL."""
    texts = edge_texts(edges)
    labels = [f"(-inf, {texts[0]})"] + [f"[{lower}, {upper})" for lower, upper in zip(texts, texts[1:])] \
        + [f"[{texts[-1]}, +inf)"] if edges else ["any"]
    return bin_indices(values, edges).map(lambda index: None if index is None else labels[index - 1]).astype(object)


# -- slices ------------------------------------------------------------------------
def slices(frame: pd.DataFrame, columns: list[str], max_depth: int):
    """Yield (slice_key, rows) for every slice of every combination up to max_depth."""
    columns = sorted(columns)
    yield "all", frame
    for depth in range(1, max_depth + 1):
        for combination in itertools.combinations(columns, depth):
            for values, rows in frame.groupby(list(combination), dropna=False, sort=False):
                values = values if isinstance(values, tuple) else (values,)
                yield slice_key(combination, values), rows


# -- metrics -------------------------------------------------------------------------
def binary_metrics(rows: pd.DataFrame) -> dict[str, float]:
    """rows: columns pred (0/1 or NaN), score, actual (0/1 or NaN)."""
    evaluated = rows.dropna(subset=["pred", "actual"])
    y, p = evaluated.actual.astype(int), evaluated.pred.astype(int)
    scored = rows.dropna(subset=["actual", "score"])
    scored = scored[(scored.score >= 0) & (scored.score <= 1)]
    out = {}
    if len(evaluated):
        tn, fp, fn, tp = skm.confusion_matrix(y, p, labels=[0, 1]).ravel()
        out["accuracy"] = skm.accuracy_score(y, p)
        out["precision"] = skm.precision_score(y, p, zero_division=np.nan)
        out["recall"] = skm.recall_score(y, p, zero_division=np.nan)
        out["f1"] = skm.f1_score(y, p, zero_division=np.nan)
        out["false_positive_rate"] = fp / (fp + tn) if fp + tn else np.nan
        out["false_negative_rate"] = fn / (fn + tp) if fn + tp else np.nan
        out["specificity"] = tn / (tn + fp) if tn + fp else np.nan
        out["actual_positive_rate"] = y.mean()
    predicted = rows.pred.dropna()
    out["predicted_positive_rate"] = predicted.mean() if len(predicted) else np.nan
    if len(scored):
        ys, ps = scored.actual.astype(int), scored.score.astype(float)
        out["log_loss"] = skm.log_loss(ys, ps, labels=[0, 1])
        out["brier_score"] = skm.brier_score_loss(ys, ps)
        bins = np.minimum(np.floor(ps * 10), 9)
        out["calibration_error"] = sum(abs((ps - ys)[bins == b].sum()) for b in range(10)) / len(scored)
    return out


def multiclass_metrics(rows: pd.DataFrame) -> dict[str, float]:
    evaluated = rows.dropna(subset=["pred", "actual"])
    if not len(evaluated):
        return {}
    y, p = evaluated.actual.astype(str), evaluated.pred.astype(str)
    return {
        "accuracy": skm.accuracy_score(y, p),
        "macro_precision": skm.precision_score(y, p, average="macro", zero_division=0),
        "macro_recall": skm.recall_score(y, p, average="macro", zero_division=0),
        "macro_f1": skm.f1_score(y, p, average="macro", zero_division=0),
    }


def regression_metrics(rows: pd.DataFrame) -> dict[str, float]:
    evaluated = rows.dropna(subset=["pred", "actual"])
    if not len(evaluated):
        return {}
    y, p = evaluated.actual.astype(float), evaluated.pred.astype(float)
    nonzero = y != 0
    with np.errstate(all="ignore"):
        r2 = skm.r2_score(y, p, force_finite=False) if len(y) > 1 else np.nan
    return {
        "mean_error": float(np.mean(p - y)),
        "mae": skm.mean_absolute_error(y, p),
        "mse": skm.mean_squared_error(y, p),
        "rmse": skm.root_mean_squared_error(y, p),
        "mape": skm.mean_absolute_percentage_error(y[nonzero], p[nonzero]) if nonzero.any() else np.nan,
        "wape": np.abs(p - y).sum() / np.abs(y).sum() if np.abs(y).sum() else np.nan,
        "r2": r2 if np.isfinite(r2) else np.nan,
    }


TASK_METRICS = {
    "binary_classification": binary_metrics,
    "multiclass_classification": multiclass_metrics,
    "regression": regression_metrics,
}


def impact(metric: str, value: float, overall: float, share: float) -> float:
    direction = HIGHER_IS_BETTER[metric]
    if direction is None:
        return abs(value - overall) * share
    return ((overall - value) if direction else (value - overall)) * share


# -- per-row samples (statistics) ------------------------------------------------------
PROPORTION_METRICS = {"accuracy", "precision", "recall", "false_positive_rate", "false_negative_rate",
                      "specificity", "predicted_positive_rate", "actual_positive_rate"}
MEAN_METRICS = {"log_loss", "brier_score", "mean_error", "mae", "mse", "mape"}


def sample_values(metric: str, rows: pd.DataFrame) -> np.ndarray | None:
    """The per-row values a proportion (0/1) or mean-type metric averages; None for
    metrics that are no such mean (F1, macro averages, RMSE, R², WAPE, calibration)."""
    if metric not in PROPORTION_METRICS | MEAN_METRICS:
        return None
    evaluated = rows.dropna(subset=["pred", "actual"])
    if metric in ("predicted_positive_rate",):
        return (rows.pred.dropna() == 1).to_numpy(dtype=float)
    if metric == "accuracy":
        return (evaluated.pred == evaluated.actual).to_numpy(dtype=float)
    if metric in ("log_loss", "brier_score"):
        scored = rows.dropna(subset=["actual", "score"])
        scored = scored[(scored.score >= 0) & (scored.score <= 1)]
        y, p = scored.actual.to_numpy(dtype=float), scored.score.to_numpy(dtype=float)
        if metric == "brier_score":
            return (p - y) ** 2
        clipped = np.clip(p, 1e-15, 1 - 1e-15)
        return -(y * np.log(clipped) + (1 - y) * np.log(1 - clipped))
    if metric in ("mean_error", "mae", "mse", "mape"):
        y, p = evaluated.actual.to_numpy(dtype=float), evaluated.pred.to_numpy(dtype=float)
        error = p - y
        if metric == "mape":
            return np.abs(error[y != 0]) / np.abs(y[y != 0])
        return {"mean_error": error, "mae": np.abs(error), "mse": error ** 2}[metric]
    pred, actual = evaluated.pred.to_numpy(dtype=float), evaluated.actual.to_numpy(dtype=float)
    among, success = {
        "precision": (pred == 1, actual == 1), "recall": (actual == 1, pred == 1),
        "false_positive_rate": (actual == 0, pred == 1), "false_negative_rate": (actual == 1, pred == 0),
        "specificity": (actual == 0, pred == 0), "actual_positive_rate": (np.ones_like(actual, bool), actual == 1),
    }[metric]
    return success[among].astype(float)
