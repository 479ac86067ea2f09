"""The static tracing report, opened in a real headless Chromium (Debian's, driven by
Playwright) with the network off: it renders without script errors, shows the demo's
top slice first (as pandas ranks it from the demo's inputs), and a drill-down click
shows a slice's children. A screenshot is left in build/report/ for people to look at."""
from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import duckdb
import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import sync_playwright

from demo_project import latest_judged_recall_impacts, ranked
from harness import REPO_ROOT, DbtProject

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BUILD_REPORT = REPO_ROOT / "scripts" / "build_report.py"
SCREENSHOT = REPO_ROOT / "build" / "report" / "screenshot.png"


def run_build_report(database, schema: str, out, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BUILD_REPORT), "--database", str(database), "--schema", schema,
                           "--out", str(out), *options], capture_output=True, text=True)


def build_report(project, out, *options: str):
    result = run_build_report(project.root / "warehouse.duckdb", project.package_relation("x").split(".")[0],
                              out, *options)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class OpenReport:
    """A report loaded in a fresh offline page; records script errors and any request
    that would leave the file."""

    def __init__(self, browser, path):
        self.context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors, self.requests = [], []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("request", lambda request: request.url.startswith("file:") or self.requests.append(request.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("[data-testid=slice-row]")

    def keys(self, testid: str) -> list[str]:
        return self.page.locator(f"[data-testid={testid}]").evaluate_all("rows => rows.map(r => r.dataset.sliceKey)")

    def click(self, testid: str, key: str) -> None:
        self.page.locator(f"[data-testid={testid}][data-slice-key='{key}']").click()


@pytest.fixture(scope="module")
def demo_warehouse(demo, engine):
    if engine != "duckdb":
        pytest.skip("the report script reads a DuckDB database")
    return demo[0]


@pytest.fixture(scope="module")
def report(demo_warehouse, tmp_path_factory):
    return build_report(demo_warehouse, tmp_path_factory.mktemp("report") / "ml_tracing_report.html")


@pytest.fixture(scope="module")
def expected(demo):
    """The slices of the window the report opens on (the latest judged), ranked by recall impact, in pandas."""
    return dict(ranked(latest_judged_recall_impacts(*demo)[1]))


@pytest.fixture
def opened(browser, report):
    page = OpenReport(browser, report)
    yield page
    page.context.close()


def children(expected: dict[str, float], parent: str) -> list[str]:
    depth = 0 if parent == "all" else parent.count(" & ") + 1
    wanted = set() if parent == "all" else set(parent.split(" & "))
    return [key for key in expected if key.count(" & ") == depth and wanted <= set(key.split(" & "))]


def assert_ranked(keys: list[str], expected: dict[str, float]) -> None:
    impacts = [expected[key] for key in keys]
    assert all(a >= b - 1e-12 for a, b in zip(impacts, impacts[1:])), keys


def test_report_is_one_self_contained_file(report):
    html = report.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "<link" not in html


def test_report_renders_offline_without_script_errors(opened):
    assert opened.page.locator("[data-testid=overall-chart] svg circle").count() > 0
    assert opened.page.locator("[data-testid=drift-bar]").count() > 0
    assert opened.page.locator("[data-testid=drift-trend] polyline").count() > 0
    assert opened.errors == [] and opened.requests == []


def test_top_slice_of_the_demo_is_shown_first(opened, expected):
    top = next(iter(expected))
    assert opened.keys("slice-row")[0] == top
    assert opened.keys("crumb") == ["all", top]
    # step 3 leads with the selected slice's own column
    assert opened.page.locator("[data-testid=drift-bar]").first.get_attribute("data-feature") == "merchant_id"


def test_drilldown_from_state_to_merchant(opened, expected):
    """CA → online pharmacy → scammeds.com: each click shows the children, ranked."""
    opened.page.locator("[data-testid=crumb][data-slice-key=all]").click()
    assert set(opened.keys("child-row")) == set(children(expected, "all"))
    trail = ["all"]
    for key in ["state=CA", "merchant_category=online pharmacy & state=CA"]:
        opened.click("child-row", key)
        trail.append(key)
        assert opened.keys("crumb") == trail
        shown = opened.keys("child-row")
        assert set(shown) == set(children(expected, key)) and shown
        assert_ranked(shown, expected)
    assert "merchant_category=online pharmacy & merchant_id=scammeds.com & state=CA" in shown
    assert opened.page.locator("[data-testid=failed-check]").count() > 0
    assert opened.errors == [] and opened.requests == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    opened.page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_capped_report_says_what_it_leaves_out(browser, demo_warehouse, tmp_path, expected):
    capped = build_report(demo_warehouse, tmp_path / "capped.html", "--max-slices", "5")
    page = OpenReport(browser, capped)
    assert page.keys("slice-row") == list(expected)[:5]
    assert f"5 of this window's {len(expected)} slices" in page.page.locator("[data-testid=cap-note]").inner_text()
    page.page.locator("[data-testid=crumb][data-slice-key=all]").click()
    assert "more children are below the embedded top 5" in page.page.locator("#children-note").inner_text()
    assert page.errors == []
    page.context.close()


def test_report_of_every_task_and_baseline_kind(browser, slices_project, engine, tmp_path):
    """The shared project's four models (binary, multiclass, regression; every baseline
    kind): each one selected in turn renders without script errors, within the caps."""
    if engine != "duckdb":
        pytest.skip("the report script reads a DuckDB database")
    path = build_report(slices_project, tmp_path / "all_tasks.html", "--max-slices", "40", "--max-slices-earlier", "10")
    page = OpenReport(browser, path)
    counts = slices_project.query(f"""
        select model_name, cast(window_start as varchar) as window_start, count(*) as slices
        from {slices_project.package_relation('ml_tracing__slice_impact')}
        where is_primary_metric group by model_name, window_start""")
    totals = {(row.model_name, row.window_start[:10]): row.slices for row in counts.itertuples()}
    models = page.page.locator("[data-testid=model-select] option").all_inner_texts()
    assert sorted(models) == sorted({model for model, _ in totals})
    for model in models:
        page.page.select_option("[data-testid=model-select]", label=model)
        assert 0 < len(page.keys("slice-row")) <= 12
        points = page.page.locator("[data-testid=overall-chart] g.point")
        windows = points.evaluate_all("points => points.map(p => p.dataset.window)")
        for window in windows:
            page.page.locator(f"[data-testid=overall-chart] g.point[data-window='{window}']").click()
            note = page.page.locator("[data-testid=cap-note]").inner_text()
            embedded, total = map(int, re.match(r"(\d+) of this window's (\d+) slices", note).groups())
            assert total == totals[(model, window)]
            assert embedded == min(total, 40 if window == max(windows) else 10)
    assert page.errors == [] and page.requests == []
    page.context.close()


def test_report_opens_on_the_latest_window_with_a_judged_metric(browser, unlabeled_day, engine, tmp_path):
    """The newest day has no labels yet: the report opens on the latest window whose
    recall rests on enough labelled frauds, with that window's top slice (pandas)."""
    if engine != "duckdb":
        pytest.skip("the report script reads a DuckDB database")
    project = unlabeled_day.project
    window, scores = latest_judged_recall_impacts(project, project.vars["ml_tracing"]["models"][0])
    assert window < unlabeled_day.last_day
    page = OpenReport(browser, build_report(project, tmp_path / "unlabeled_day.html"))
    assert page.page.locator("[data-testid=overall-chart] svg text.label").text_content() == str(window.date())
    assert f"latest judged window {window.date()}" in page.page.locator("#overall-summary").inner_text()
    assert page.keys("slice-row")[0] == ranked(scores)[0][0]
    assert page.errors == []
    page.context.close()


# ---- slice values that are hard to show, windows that are not judged ----------------
# Plan values (one slice column) a report must keep apart and intact: markup that
# could end the embedded data early, whitespace that collapses, the key separator,
# a newline and a 3,000-character value.
ODD_PLANS = ["CA", "CA ", "a  b", "a b", "a\tb", "a\u00a0b", "x\ny", "x & y", "<!--<script>", "<script src",
             "basic", "long-" + "x" * 2995]
# shown quoted (as a JSON string): whitespace at an end, in a run, or other than the space
QUOTED_PLANS = {"CA ", "a  b", "a\tb", "a\u00a0b", "x\ny"}
REGIONS = ["north", "south"]
TRAINING_DAYS = ["2026-04-01", "2026-04-02"]
PRODUCTION_DAYS = ["2026-04-03", "2026-04-04", "2026-04-05", "2026-04-06", "2026-04-07", "2026-04-08"]
SMALL_DAY = "2026-04-05"  # one prediction per plan and region: too few to judge
UNLABELED_DAY = "2026-04-06"  # predictions without actuals: no metric value


def slice_key(plan: str, region: str | None = None) -> str:
    """The package's slice key: `column=value` in column order, `%`, `&`, `=`, LF, CR percent-encoded."""
    for char, code in [("%", "%25"), ("&", "%26"), ("=", "%3D"), ("\n", "%0A"), ("\r", "%0D")]:
        plan = plan.replace(char, code)
    return f"plan={plan}" + (f" & region={region}" if region else "")


def odd_rows(rng) -> pd.DataFrame:
    """Three predictions of every plan and region a day (one on the small day); production
    days add 20 of `<script src` (the plan drifts) and get every `CA ` wrong (a slice,
    and the metric, fail)."""
    rows = []
    for day in TRAINING_DAYS + PRODUCTION_DAYS:
        cells = [(code, region) for code in range(len(ODD_PLANS)) for region in REGIONS] * (1 if day == SMALL_DAY else 3)
        if day in PRODUCTION_DAYS and day != SMALL_DAY:
            cells += [(ODD_PLANS.index("<script src"), "north")] * 20
        for code, region in cells:
            production = day in PRODUCTION_DAYS
            correct = not (production and ODD_PLANS[code] == "CA ") and rng.random() < 0.9
            rows.append({"predicted_at": pd.Timestamp(day) + pd.Timedelta(hours=12), "plan_code": code,
                         "region": region, "env": "production" if production else "training",
                         "label": int(rng.random() < 0.5), "correct": correct})
    frame = pd.DataFrame(rows)
    frame.insert(0, "prediction_id", [f"p{i:05d}" for i in range(len(frame))])
    frame["pred_label"] = np.where(frame.correct, frame.label, 1 - frame.label)
    return frame


@pytest.fixture(scope="module")
def odd_project(engine, tmp_path_factory):
    """Three models on the same predictions: `plans` (accuracy), `plans_pessimistic`
    (slices ranked by pessimistic impact) and `plans_unlabeled` (no actuals at all)."""
    if engine != "duckdb":
        pytest.skip("the report script reads a DuckDB database")
    project = DbtProject(tmp_path_factory.mktemp("odd_values"), engine)
    frame = odd_rows(np.random.default_rng(3))
    s, t, i = "string", "timestamp", "integer"
    project.write_seed("odd_seed", frame[["prediction_id", "predicted_at", "env", "plan_code", "region", "pred_label"]],
                       {"prediction_id": s, "predicted_at": t, "env": s, "plan_code": i, "region": s, "pred_label": i})
    project.write_seed("odd_actuals", frame.loc[frame.predicted_at != pd.Timestamp(UNLABELED_DAY) + pd.Timedelta(hours=12),
                                                ["prediction_id", "label"]], {"prediction_id": s, "label": i})
    # the values as SQL literals (CSV loading would trim or reinterpret some of them)
    plans = ", ".join(f"({code}, '{plan}')" for code, plan in enumerate(ODD_PLANS))
    project.write_model("odd_predictions", f"""
        select seed.prediction_id, seed.predicted_at, seed.env, plans.plan, seed.region, seed.pred_label
        from {{{{ ref('odd_seed') }}}} as seed
        inner join (values {plans}) as plans (plan_code, plan) on seed.plan_code = plans.plan_code
    """)
    model = {"task": "binary_classification", "predictions": "odd_predictions",
             "columns": {"environment": "env", "predicted_label": "pred_label"},
             "slice_columns": ["plan", "region"], "max_slice_depth": 2, "min_slice_rows": 1,
             "slice_search": "exhaustive", "features": ["plan", "region"], "metrics": ["accuracy"],
             "baseline": {"kind": "environment", "environment": "training"}}
    labeled = {**model, "actuals": "odd_actuals", "columns": {**model["columns"], "actual_label": "label"}}
    project.vars = {"ml_tracing": {"models": [
        {**labeled, "name": "plans"},
        {**labeled, "name": "plans_pessimistic", "rank_slices_by": "pessimistic_impact"},
        {**model, "name": "plans_unlabeled"}]}}
    project.build()
    return project


@pytest.fixture(scope="module")
def odd_report(odd_project, tmp_path_factory):
    return build_report(odd_project, tmp_path_factory.mktemp("odd_report") / "odd.html")


@pytest.fixture
def odd_opened(browser, odd_report):
    page = OpenReport(browser, odd_report)
    yield page
    page.context.close()


class ScriptElements(HTMLParser):
    """The script elements of an HTML text as the parser reads them: (attributes, text)."""

    def __init__(self, html: str):
        super().__init__()
        self.scripts, self.inside = [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append((dict(attrs), []))
            self.inside = True

    def handle_endtag(self, tag):
        self.inside = self.inside and tag != "script"

    def handle_data(self, data):
        if self.inside:
            self.scripts[-1][1].append(data)


def click_row(page, testid: str, key: str) -> None:
    page.locator(f"[data-testid={testid}]").evaluate_all(
        "(rows, key) => rows.find((row) => row.dataset.sliceKey === key).click()", key)


# the rendered text (CSS white-space applied) of the condition chips under a node
CHIP_TEXTS = "(node) => [...node.querySelectorAll('.cond')].map((chip) => chip.innerText)"


def shown_conditions(locator) -> list[str]:
    return locator.evaluate(CHIP_TEXTS)


def test_slice_values_cannot_end_the_embedded_data(odd_report, odd_opened):
    """`<!--<script>` in one slice and `<script src` in a later one would make the browser
    read the report's own script as part of the data block: the page keeps its two
    scripts, and the data reads back with every value intact."""
    [(data_attributes, data), (script_attributes, _)] = ScriptElements(odd_report.read_text(encoding="utf-8")).scripts
    assert data_attributes == {"id": "report-data", "type": "application/json"} and script_attributes == {}
    data = "".join(data)
    assert not set(data) & set("<>&\u2028\u2029")
    plans = json.loads(data)["models"][0]
    assert plans["name"] == "plans"
    assert {slice_key(plan) for plan in ODD_PLANS} | {slice_key(plan, region) for plan in ODD_PLANS
                                                      for region in REGIONS} <= set(plans["slice_keys"])
    assert odd_opened.page.evaluate("[...document.scripts].map((script) => script.id)") == ["report-data", ""]
    assert odd_opened.errors == []


def test_model_without_actuals_says_so_and_its_windows_open(odd_opened):
    """After a model with actuals, one without: the summary is its own (no evaluated
    windows), and each of its windows can be opened for its drift."""
    page = odd_opened.page
    summary = page.locator("#overall-summary")
    assert summary.inner_text().startswith("plans, accuracy")
    page.select_option("[data-testid=model-select]", label="plans_unlabeled")
    assert summary.inner_text().startswith("plans_unlabeled, accuracy") and "no evaluated windows" in summary.inner_text()
    points = page.locator("[data-testid=overall-chart] g.point")
    assert points.evaluate_all("points => points.map((point) => point.dataset.window)") == PRODUCTION_DAYS
    first = PRODUCTION_DAYS[0]
    page.locator(f"[data-testid=overall-chart] g.point[data-window='{first}']").click()
    assert page.locator("#window-label").inner_text().startswith(f"window {first}")
    bars = page.locator("[data-testid=drift-bar]").evaluate_all("bars => bars.map((bar) => bar.dataset.feature)")
    assert {"plan", "region"} <= set(bars)
    assert odd_opened.errors == []


def test_distinct_values_read_differently(odd_opened):
    """`CA` and `CA `; `a  b`, `a b`, a tab, a no-break space; a newline: each value's chip reads
    differently; values with whitespace at an end, in a run or other than the space are
    shown as JSON strings, the others as they are."""
    page = odd_opened.page
    page.locator("[data-testid=crumb][data-slice-key=all]").click()
    chips = dict(page.locator("[data-testid=child-row]").evaluate_all(
        f"rows => rows.map((row) => [row.dataset.sliceKey, ({CHIP_TEXTS})(row)])"))
    shown = {plan: text for plan in ODD_PLANS for [text] in [chips[slice_key(plan)]]}
    assert len(set(shown.values())) == len(ODD_PLANS)
    for plan, text in shown.items():
        column, value = text.split("=", 1)
        assert column == "plan" and (json.loads(value) if plan in QUOTED_PLANS else value) == plan


def test_long_value_keeps_the_page_width(odd_opened):
    """A 3,000-character value is cut to the width of its chip, whole in its tooltip."""
    page, long = odd_opened.page, ODD_PLANS[-1]
    page.locator("[data-testid=crumb][data-slice-key=all]").click()
    click_row(page, "child-row", slice_key(long))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    chips = page.locator(".cond", has_text="long-")
    assert chips.count() >= 3  # the slice table, the breadcrumb and the slice card
    assert set(chips.evaluate_all("chips => chips.map((chip) => chip.title)")) == {f"plan={long}"}


def test_windows_not_judged_are_marked_and_the_line_breaks_where_no_value(odd_opened):
    """The small day and the day without labels are marked as not judged; the metric's
    line stops at the day without a value; the summary says when a window is not judged."""
    page = odd_opened.page
    chart = page.locator("[data-testid=overall-chart]")
    unjudged = chart.locator("g.point.not-judged").evaluate_all("points => points.map((point) => point.dataset.window)")
    assert unjudged == [SMALL_DAY, UNLABELED_DAY]
    value_x = dict(chart.locator("g.point circle.value").evaluate_all(
        "circles => circles.map((circle) => [circle.getAttribute('cx'), circle.parentNode.dataset.window])"))
    segments = chart.locator("polyline.metric-line").evaluate_all(
        "lines => lines.map((line) => line.getAttribute('points').split(' ').map((point) => point.split(',')[0]))")
    gap = PRODUCTION_DAYS.index(UNLABELED_DAY)
    assert [[value_x[x] for x in segment] for segment in segments] == [PRODUCTION_DAYS[:gap], PRODUCTION_DAYS[gap + 1:]]
    summary = page.locator("#overall-summary")
    assert f"latest judged window {PRODUCTION_DAYS[-1]}" in summary.inner_text()
    assert "not judged" not in summary.inner_text()
    chart.locator(f"g.point[data-window='{SMALL_DAY}']").click()
    assert f"window {SMALL_DAY} (not judged: too few rows)" in summary.inner_text()
    assert f"window {SMALL_DAY} (not judged: too few rows)" in page.locator("#window-label").inner_text()


def test_psi_trend_breaks_where_a_window_has_no_psi(odd_project, odd_opened):
    """The PSI-over-time chart draws a line per run of windows with a PSI and a dot on
    each: the actual's PSI has no value on the day without labels, so its line stops
    there instead of joining the days on either side."""
    performance = odd_project.table("ml_tracing__performance_over_time")
    performance = performance[(performance.model_name == "plans") & performance.is_primary_metric]
    windows = sorted(pd.to_datetime(performance.window_start).dt.strftime("%Y-%m-%d"))
    drift = odd_project.table("ml_tracing__feature_drift")
    drift = drift[(drift.model_name == "plans") & (drift.feature_name == "actual_label")]
    psi = drift.set_index(pd.to_datetime(drift.window_start).dt.strftime("%Y-%m-%d")).psi
    with_psi = [window for window in windows if window in psi.index and pd.notna(psi[window])]
    runs = [list(run) for has_psi, run in itertools.groupby(windows, lambda window: window in with_psi) if has_psi]
    runs = [run for run in runs if len(run) > 1]  # a lone window is a dot, not a line
    assert UNLABELED_DAY not in with_psi and len(runs) == 2

    page = odd_opened.page
    page.evaluate("drawDriftTrend(MODELS.find((model) => model.name === 'plans'), ['actual_label'])")
    chart = page.locator("[data-testid=drift-trend]")
    point_x = dict(chart.locator("circle.psi-point").evaluate_all(
        "points => points.map((point) => [point.getAttribute('cx'), point.dataset.window])"))
    assert sorted(point_x.values()) == with_psi
    segments = chart.locator("polyline.psi-line").evaluate_all(
        "lines => lines.map((line) => line.getAttribute('points').split(' ').map((point) => point.split(',')[0]))")
    assert [[point_x[x] for x in segment] for segment in segments] == runs


def test_slice_key_is_decoded_condition_by_condition(odd_opened):
    """`plan=x %26 y & region=north` is two conditions in the breadcrumb and in step 3's
    heading, not `plan=x & y & region=north`."""
    page, key = odd_opened.page, slice_key("x & y", "north")
    while key not in odd_opened.keys("slice-row"):
        page.locator("#next-page").click()
    click_row(page, "slice-row", key)
    assert shown_conditions(page.locator("[data-testid=crumb]").last) == ["plan=x & y", "region=north"]
    assert shown_conditions(page.locator("#why-label")) == ["plan=x & y", "region=north"]


def test_database_without_the_marts_is_a_clear_error(odd_project, tmp_path):
    """No marts (no `dbt build` yet), a wrong --schema, no database file: an error that
    names the database, the schema looked in and what to do; no traceback, no file written."""
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    schema = odd_project.package_relation("x").split(".")[0]
    out = tmp_path / "report.html"
    for database, given_schema, hints in [(empty, schema, [f"schema '{schema}'", "dbt build"]),
                                          (tmp_path / "missing.duckdb", schema, ["dbt build"]),
                                          (odd_project.root / "warehouse.duckdb", "main",
                                           ["schema 'main'", f"--schema {schema}"])]:
        result = run_build_report(database, given_schema, out)
        assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
        assert all(text in result.stderr for text in [str(database), *hints]), result.stderr
        assert not out.exists() and not (tmp_path / "missing.duckdb").exists()


def test_summary_counts_the_checks_it_lists(odd_project, odd_opened):
    """The summary's count of breached thresholds is the window's alerts, and the part it
    says step 3 lists (drift and quality) is the failed-checks table's rows."""
    alerts = odd_project.query(f"""
        select alert_kind from {odd_project.package_relation('ml_tracing__alerts')}
        where model_name = 'plans' and window_start = '{PRODUCTION_DAYS[-1]}' and status = 'breached'""")
    root_causes = int(alerts.alert_kind.isin(["drift", "quality"]).sum())
    assert 0 < root_causes < len(alerts)
    summary = odd_opened.page.locator("#overall-summary").inner_text()
    counts = re.search(r"(\d+) thresholds breached \((\d+) on the metric or its slices, (\d+) on drift or quality", summary)
    assert tuple(map(int, counts.groups())) == (len(alerts), len(alerts) - root_causes, root_causes)
    assert odd_opened.page.locator("[data-testid=failed-check]").count() == root_causes


def test_pessimistic_ranking_shows_the_pessimistic_impact(odd_project, odd_opened):
    """Under rank_slices_by: pessimistic_impact, the impact column (number and bar) is
    the pessimistic impact the rank follows, and says so."""
    page = odd_opened.page
    page.select_option("[data-testid=model-select]", label="plans_pessimistic")
    marts = odd_project.query(f"""
        select slice_key, pessimistic_impact, impact_score from {odd_project.package_relation('ml_tracing__slice_impact')}
        where model_name = 'plans_pessimistic' and window_start = '{PRODUCTION_DAYS[-1]}' and is_primary_metric""")
    expected = marts.set_index("slice_key")
    shown = page.locator("[data-testid=slice-row]").evaluate_all("rows => rows.map((row) => [row.dataset.sliceKey, "
                                                                 "row.querySelector('.impact .num').textContent, "
                                                                 "parseFloat(row.querySelector('.impact .bar').style.width)])")
    assert any(abs(expected.pessimistic_impact[key] - expected.impact_score[key]) > 1e-3 for key, _, _ in shown)
    longest = expected.pessimistic_impact.abs().max()  # every slice of the window is embedded
    for key, text, width in shown:
        assert abs(float(text) - expected.pessimistic_impact[key]) < 5e-4
        assert abs(width - 60 * abs(expected.pessimistic_impact[key]) / longest) <= 1
    assert page.locator("#impact-head").inner_text() == "pessimistic impact"
