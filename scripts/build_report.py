"""Write the static tracing report: one self-contained HTML file (inline CSS, JS and
SVG; it opens without a network) built from the ml_tracing marts in a DuckDB
database. It walks the tracing workflow for each monitored model's primary metric:
(1) the metric against its baseline per window, with alert markers; (2) the slices
ranked by impact, with drill-down from a slice to its children; (3) for the selected
slice, the features that drifted and the quality checks that failed.

It opens on the latest window whose metric is judged (`window_status` 'ok'): a day
whose labels have not arrived has no slices worth showing. The report stays small
with thousands of slices: only the top `--max-slices` slices by impact of that
window, the top `--max-slices-earlier` of each other window, and the latest
`--max-windows` windows are embedded; the page says how many of how many it shows."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from collections import Counter, defaultdict
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = ROOT / "scripts" / "report_template"
DEFAULT_OUT = ROOT / "build" / "report" / "ml_tracing_report.html"
SLICE_FIELDS = ["slice_key", "impact_rank", "slice_rows", "volume_share", "metric_value", "impact_score",
                "ranked_by", "pessimistic_impact", "baseline_value", "is_absent_from_baseline",
                "performance_contribution", "mix_contribution"]
WINDOW_FIELDS = ["window_start", "metric_value", "baseline_value", "window_rows", "evaluated_rows",
                 "rolling_mean", "rolling_z_score", "window_status"]
ALERT_FIELDS = ["window_start", "alert_kind", "check_name", "subject", "severity", "observed_value",
                "threshold", "breached_when"]
DRIFT_FIELDS = ["window_start", "feature_name", "feature_kind", "psi", "js_distance", "ks_statistic",
                "unseen_share", "current_null_share", "baseline_null_share"]
MARTS = {"ml_tracing__performance_over_time", "ml_tracing__slice_impact", "ml_tracing__alerts",
         "ml_tracing__feature_drift"}

# JSON embedded in a <script> element: `</script`, `<!--` or `<script` in a value would
# move where the browser ends the element, so `<`, `>` and `&` are written as \u escapes
# (JSON reads them back); U+2028 and U+2029 too, line ends to older JavaScript.
SCRIPT_SAFE = str.maketrans({char: f"\\u{ord(char):04x}" for char in "<>&\u2028\u2029"})


def compact(value):
    """JSON-ready value: dates as ISO text, floats to 6 significant digits, NaN as null,
    infinity (a z-score after a constant history) as the text JavaScript's Number reads."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, float):
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return None if math.isnan(value) else float(f"{value:.6g}")
    return value


class Marts:
    """Reads one model's rows from the marts of a DuckDB database."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, schema: str):
        self.connection = connection
        self.schema = schema

    def rows(self, mart: str, fields: list[str], where: str, order: str, params: list) -> list[list]:
        sql = (f"select {', '.join(fields)} from {self.schema}.{mart} "
               f"where {where} order by {order}")
        return [[compact(v) for v in row] for row in self.connection.execute(sql, params).fetchall()]


def children_beyond_cap(all_keys: list[str], embedded: set[str]) -> dict[str, int]:
    """For each embedded slice (and `all`), how many of its children (one condition
    more) exist in the mart but are not embedded."""
    missing = Counter()
    for key in all_keys:
        if key in embedded:
            continue
        conditions = key.split(" & ")
        for dropped in range(len(conditions)):
            parent = " & ".join(conditions[:dropped] + conditions[dropped + 1:]) or "all"
            if parent in embedded or parent == "all":
                missing[parent] += 1
    return dict(missing)


def model_payload(marts: Marts, model_name: str, caps: dict) -> dict:
    primary = marts.connection.execute(f"""
        select metric_name, metric_direction, count(*) as windows
        from {marts.schema}.ml_tracing__performance_over_time
        where model_name = ? and is_primary_metric
        group by metric_name, metric_direction""", [model_name]).fetchall()
    (metric_name, direction, window_count), = primary
    windows = marts.rows("ml_tracing__performance_over_time", WINDOW_FIELDS,
                         "model_name = ? and is_primary_metric", "window_start desc", [model_name])[:caps["max_windows"]]
    windows.reverse()
    first_window = windows[0][0] if windows else "9999-12-31"
    # the report opens on the latest window whose metric is judged (a day whose
    # labels have not arrived has no slices worth showing), else on the latest
    status = WINDOW_FIELDS.index("window_status")
    opened_window = ([w for w in windows if w[status] == "ok"] or windows or [[None]])[-1][0]
    scope = "model_name = ? and window_start >= cast(? as date)"
    slices, slice_keys = {}, {}
    for window_start, *_ in windows:
        cap = caps["max_slices"] if window_start == opened_window else caps["max_slices_earlier"]
        keys = [k for (k,) in marts.connection.execute(f"""
            select slice_key from {marts.schema}.ml_tracing__slice_impact
            where model_name = ? and window_start = cast(? as date) and is_primary_metric
            order by impact_rank""", [model_name, window_start]).fetchall()]
        rows = marts.rows("ml_tracing__slice_impact", SLICE_FIELDS,
                          "model_name = ? and window_start = cast(? as date) and is_primary_metric "
                          "and impact_rank <= ?", "impact_rank", [model_name, window_start, cap])
        embedded = {row[0] for row in rows}
        for row in rows:  # each key is embedded once per model, rows refer to it by position
            row[0] = slice_keys.setdefault(row[0], len(slice_keys))
        slices[window_start] = {
            "total": len(keys),
            "cap": cap,
            "rows": rows,
            "children_beyond_cap": children_beyond_cap(keys, embedded),
        }
    return {
        "name": model_name,
        "metric": metric_name,
        "direction": direction,
        "window_count": window_count,
        "windows": windows,
        "opened_window": opened_window,
        "slice_keys": list(slice_keys),
        "slices": slices,
        # breaches in windows too small to judge (status too_few_rows) are no alerts
        "alerts": marts.rows("ml_tracing__alerts", ALERT_FIELDS, scope + " and status = 'breached'",
                             "window_start, severity, alert_kind, check_name, subject", [model_name, first_window]),
        "drift": marts.rows("ml_tracing__feature_drift", DRIFT_FIELDS, scope,
                            "window_start, feature_name", [model_name, first_window]),
    }


def require_marts(connection: duckdb.DuckDBPyConnection, database: Path, schema: str) -> None:
    """Stop with what to do when the schema lacks a mart the report reads."""
    found = connection.execute("select table_schema, table_name from information_schema.tables "
                               "where table_name in (select unnest(?))", [sorted(MARTS)]).fetchall()
    schemas = defaultdict(set)
    for table_schema, table_name in found:
        schemas[table_schema].add(table_name)
    missing = sorted(MARTS - schemas[schema])
    if not missing:
        return
    elsewhere = sorted(name for name, tables in schemas.items() if tables == MARTS)
    hint = (f"they are in schema '{elsewhere[0]}': pass --schema {elsewhere[0]}" if elsewhere else
            "run `dbt build` first in the project that installs ml_tracing (the marts land in "
            "<the profile's schema>_ml_tracing), then pass that schema as --schema")
    raise SystemExit(f"build_report: no ml_tracing marts in schema '{schema}' of the database {database} "
                     f"(missing {', '.join(missing)}); {hint}.")


def build_payload(database: Path, schema: str, caps: dict) -> dict:
    if not database.is_file():
        raise SystemExit(f"build_report: no database file {database}: run `dbt build` first, or pass the "
                         "DuckDB file of your profile as --database.")
    with duckdb.connect(str(database), read_only=True) as connection:
        require_marts(connection, database, schema)
        marts = Marts(connection, schema)
        model_names = [name for (name,) in connection.execute(
            f"select distinct model_name from {schema}.ml_tracing__performance_over_time order by model_name"
        ).fetchall()]
        models = [model_payload(marts, name, caps) for name in model_names]
    return {
        "generated_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "source": database.name,
        "fields": {"slice": SLICE_FIELDS, "window": WINDOW_FIELDS, "alert": ALERT_FIELDS,
                   "drift": DRIFT_FIELDS},
        "models": models,
    }


def render(payload: dict) -> str:
    data = json.dumps(payload, separators=(",", ":"), allow_nan=False).translate(SCRIPT_SAFE)
    html = (TEMPLATE_DIR / "report.html").read_text()
    for placeholder, text in [("/*STYLE*/", (TEMPLATE_DIR / "report.css").read_text()),
                              ("/*SCRIPT*/", (TEMPLATE_DIR / "report.js").read_text()),
                              ("/*DATA*/", data)]:
        html = html.replace(placeholder, text, 1)
    return html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", type=Path, required=True, help="DuckDB database holding the marts")
    parser.add_argument("--schema", default="main_ml_tracing", help="schema of the marts")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="HTML file to write")
    parser.add_argument("--max-windows", type=int, default=90, help="latest windows embedded per model")
    parser.add_argument("--max-slices", type=int, default=200, help="top slices embedded for the window the report opens on")
    parser.add_argument("--max-slices-earlier", type=int, default=30, help="top slices embedded per other window")
    args = parser.parse_args()
    caps = {"max_windows": args.max_windows, "max_slices": args.max_slices,
            "max_slices_earlier": args.max_slices_earlier}
    payload = build_payload(args.database, args.schema, caps)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(payload), encoding="utf-8")
    print(f"Tracing report: {args.out.resolve()} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
