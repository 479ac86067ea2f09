"use strict";
// The tracing report's behaviour: reads the embedded marts (#report-data) and draws
// the three steps — metric over time, impact-ranked slices with drill-down, and the
// drift / quality of the selected slice. Plain DOM and SVG, no libraries.

const DATA = JSON.parse(document.getElementById("report-data").textContent);
const PAGE_SIZE = 12;
const SVG_NS = "http://www.w3.org/2000/svg";
const state = { model: null, window: null, trail: ["all"], page: 0 };

// ---- helpers -------------------------------------------------------------------
function records(rows, fields) {
    return rows.map((row) => Object.fromEntries(fields.map((field, i) => [field, row[i]])));
}
function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
}
function svg(tag, attributes = {}, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
}
function fmt(value, digits = 3) {
    return value === null || value === undefined ? "—" : Number(value).toFixed(digits);
}
function pct(value) {
    return value === null || value === undefined ? "—" : (100 * value).toFixed(1) + "%";
}
function decode(text) {
    return text.replace(/%(0A|0D|26|3D|25)/g, (match, code) => String.fromCharCode(parseInt(code, 16)));
}
function conditions(key) {
    return key === "all" ? [] : key.split(" & ");
}
// A value that would read like another: empty, whitespace at an end or in a run, a
// leading quote, whitespace other than the space, control or invisible characters.
const AMBIGUOUS = /^$|^[\s"]|\s$|\s\s|[^\S ]|\p{C}/u;
const INVISIBLE = /[^\S ]|\p{C}/gu;
function shownValue(value) {
    if (!AMBIGUOUS.test(value)) return value;
    // a JSON string: quotes and C0 controls escaped by JSON, the other invisible characters as \uXXXX
    return JSON.stringify(value).replace(INVISIBLE, (char) =>
        char.split("").map((unit) => "\\u" + unit.charCodeAt(0).toString(16).padStart(4, "0")).join(""));
}
function conditionChip(condition) {
    const at = condition.indexOf("=");
    if (at < 0) return el("span", { class: "cond" }, decode(condition));
    const column = condition.slice(0, at), value = shownValue(decode(condition.slice(at + 1)));
    // a long chip is cut at a width (see .cond): the tooltip holds all of it
    return el("span", { class: "cond", title: `${column}=${value}` }, el("b", {}, column), "=", value);
}
function sliceLabel(key) {
    const span = el("span", { "data-slice-key": key });
    span.append(...(key === "all" ? ["all predictions"] : conditions(key).map(conditionChip)));
    return span;
}
function sliceColumns(key) {
    return new Set(conditions(key).map((c) => c.replace(/( is null|=.*)$/, "")));
}

// ---- the model's data, indexed once ----------------------------------------------
function prepare(model) {
    const windows = records(model.windows, DATA.fields.window);
    const alerts = records(model.alerts, DATA.fields.alert);
    const drift = records(model.drift, DATA.fields.drift);
    const slices = {};
    for (const [start, block] of Object.entries(model.slices)) {
        const rows = records(block.rows, DATA.fields.slice);
        for (const row of rows) row.slice_key = model.slice_keys[row.slice_key];
        const byKey = new Map(rows.map((row) => [row.slice_key, row]));
        const children = new Map([["all", []]]);
        for (const row of rows) {
            const parts = conditions(row.slice_key);
            for (let i = 0; i < parts.length; i++) {
                const parent = parts.filter((_, j) => j !== i).join(" & ") || "all";
                if (!children.has(parent)) children.set(parent, []);
                children.get(parent).push(row);
            }
        }
        slices[start] = { total: block.total, cap: block.cap, rows, byKey, children, beyondCap: block.children_beyond_cap };
    }
    return { ...model, windows, alerts, drift, slices };
}
const MODELS = DATA.models.map(prepare);

function current() {
    const model = MODELS[state.model];
    return { model, window: model.windows.find((w) => w.window_start === state.window),
             slices: model.slices[state.window] };
}
function alertsOf(model, start) {
    return model.alerts.filter((a) => a.window_start === start);
}
function isCause(alert) {
    // drift and quality breaches, the causes step 3 lists (performance and slice ones are symptoms)
    return alert.alert_kind === "drift" || alert.alert_kind === "quality";
}

// ---- step 1: the metric over time --------------------------------------------------
function notJudged(w) {
    return w.window_status === "ok" ? "" : ` (not judged: ${w.window_status.replaceAll("_", " ")})`;
}
function runs(values) {
    // the runs of consecutive windows with a value, as [index, value] pairs
    const found = [[]];
    values.forEach((v, i) => (v === null ? found.push([]) : found[found.length - 1].push([i, v])));
    return found.filter((run) => run.length > 1);
}
function drawOverall() {
    const { model, window } = current();
    const box = document.getElementById("overall-chart");
    box.replaceChildren();
    const W = 1200, H = 260, left = 48, right = 40, top = 26, bottom = 30;
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${model.metric} per window` });
    // without any value (no actuals yet) the windows are still drawn, to trace their drift
    const values = model.windows.flatMap((w) => [w.metric_value, w.baseline_value]).filter((v) => v !== null);
    let low = values.length ? Math.min(...values) : 0, high = values.length ? Math.max(...values) : 1;
    const pad = (high - low) * 0.1 || 0.05;
    low -= pad; high += pad;
    const n = model.windows.length;
    const x = (i) => left + (n === 1 ? (W - left - right) / 2 : (i * (W - left - right)) / (n - 1));
    const y = (v) => top + ((high - v) * (H - top - bottom)) / (high - low);
    for (let t = 0; t <= 4 && values.length; t++) {
        const v = low + ((high - low) * t) / 4;
        chart.append(svg("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), stroke: "#eef1f4" }));
        chart.append(svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end" }, v.toFixed(2)));
    }
    // a line per run of windows with a value: a gap where a window has none
    const lines = (field, attributes) => runs(model.windows.map((w) => w[field])).forEach((run) => chart.append(
        svg("polyline", { points: run.map(([i, v]) => `${x(i)},${y(v)}`).join(" "), fill: "none", ...attributes })));
    lines("baseline_value", { stroke: "var(--baseline)", "stroke-width": 2, "stroke-dasharray": "6 4" });
    lines("metric_value", { class: "metric-line", stroke: "var(--metric)", "stroke-width": 2.5 });
    const labelEvery = Math.ceil(n / 12);
    model.windows.forEach((w, i) => {
        const selected = w.window_start === state.window;
        if (selected) chart.append(svg("rect", { x: x(i) - 8, y: top - 18, width: 16, height: H - top - bottom + 18, fill: "#2463eb18" }));
        if (i % labelEvery === 0 || selected) {
            chart.append(svg("text", { x: x(i), y: H - 10, "text-anchor": "middle", class: selected ? "label" : "" }, w.window_start));
        }
        const windowAlerts = alertsOf(model, w.window_start);
        const errors = windowAlerts.filter((a) => a.severity === "error").length;
        const group = svg("g", { class: notJudged(w) ? "point not-judged" : "point", "data-window": w.window_start });
        group.append(svg("title", {}, `${w.window_start}${notJudged(w)}: ${model.metric} ${fmt(w.metric_value)} (baseline ${fmt(w.baseline_value)}), `
            + `${windowAlerts.length} alerts` + windowAlerts.map((a) => `\n${a.severity}: ${a.check_name} ${a.subject}`).join("")));
        if (windowAlerts.length) {
            group.append(svg("circle", { cx: x(i), cy: top - 10, r: 5 + Math.min(4, windowAlerts.length / 4),
                fill: errors ? "var(--error)" : "var(--warn)" }));
        }
        // a window not judged: an open circle at its value, or on the axis when it has none
        const r = selected ? 6 : 4;
        if (w.metric_value !== null) {
            group.append(svg("circle", { class: "value", cx: x(i), cy: y(w.metric_value), r,
                ...(notJudged(w) ? { fill: "var(--card)", stroke: "var(--metric)", "stroke-width": 2 } : { fill: "var(--metric)" }) }));
        } else if (notJudged(w)) {
            group.append(svg("circle", { cx: x(i), cy: H - bottom, r, fill: "var(--card)", stroke: "var(--baseline)", "stroke-width": 2 }));
        }
        group.append(svg("rect", { x: x(i) - 8, y: top - 18, width: 16, height: H - top - bottom + 18, fill: "transparent" }));
        group.addEventListener("click", () => selectWindow(w.window_start));
        chart.append(group);
    });
    box.append(chart);
    drawSummary(model, window);
}
function drawSummary(model, w) {
    const alerts = alertsOf(model, w.window_start);
    const which = w.window_start !== model.opened_window ? "window" : notJudged(w) ? "latest window" : "latest judged window";
    const delta = w.metric_value !== null && w.baseline_value !== null ? w.metric_value - w.baseline_value : null;
    const metric = model.windows.some((other) => other.evaluated_rows)
        ? `${which} ${w.window_start}${notJudged(w)} at ${fmt(w.metric_value)} against a baseline of ${fmt(w.baseline_value)} `
            + `(${delta === null ? "—" : (delta >= 0 ? "+" : "") + fmt(delta)})`
        : `no evaluated windows (no prediction has an actual yet); window ${w.window_start}`;
    document.getElementById("overall-summary").textContent =
        `${model.name}, ${model.metric} (${model.direction.replaceAll("_", " ")}): ${metric}; `
        + `${alerts.length} thresholds breached (${alerts.filter((a) => !isCause(a)).length} on the metric or its slices, `
        + `${alerts.filter(isCause).length} on drift or quality, listed in step 3), `
        + `${alerts.filter((a) => a.severity === "error").length} at error level.`;
}

// ---- step 2: ranked slices and drill-down -------------------------------------------
const SCORE_LABELS = { impact_score: "impact", pessimistic_impact: "pessimistic impact" };
function score(row) {
    // the score the slice's rank follows: impact_score, or pessimistic_impact (rank_slices_by)
    return row[row.ranked_by];
}
function scoreLabel(slices) {
    return SCORE_LABELS[slices.rows.length ? slices.rows[0].ranked_by : "impact_score"];
}
function impactCell(row, scale) {
    const width = Math.round((60 * Math.abs(score(row))) / (scale || 1));
    return el("td", {}, el("div", { class: "impact" },
        el("div", { class: score(row) > 0 ? "bar" : "bar better", style: `width:${width}px` }),
        el("span", { class: "num" }, fmt(score(row)))));
}
function sliceRow(row, scale, testid, onClick) {
    const tr = el("tr", { class: "clickable", "data-testid": testid, "data-slice-key": row.slice_key },
        el("td", { class: "num" }, String(row.impact_rank)),
        el("td", {}, sliceLabel(row.slice_key), row.is_absent_from_baseline ? el("span", { class: "badge new" }, "new") : ""),
        el("td", { class: "num" }, String(row.slice_rows)),
        el("td", { class: "num" }, fmt(row.metric_value)),
        el("td", { class: "num" }, fmt(row.baseline_value)),
        impactCell(row, scale));
    if (row.slice_key === selectedKey()) tr.classList.add("selected");
    tr.addEventListener("click", onClick);
    return tr;
}
function selectedKey() {
    return state.trail[state.trail.length - 1];
}
function drawSlices() {
    const { model, window, slices } = current();
    document.getElementById("window-label").textContent =
        `window ${state.window}${notJudged(window)}, ${model.metric} ${fmt(window.metric_value)} overall`;
    document.getElementById("metric-head").textContent = model.metric;
    document.getElementById("impact-head").textContent = scoreLabel(slices);
    document.getElementById("cap-note").textContent =
        `${slices.rows.length} of this window's ${slices.total} slices are embedded (at most the top ${slices.cap} by ${scoreLabel(slices)}; `
        + `${model.windows.length} of ${model.window_count} windows). The full ranking is in ml_tracing__slice_impact.`;
    const scale = Math.max(...slices.rows.map((r) => Math.abs(score(r))), 0);
    const pages = Math.max(1, Math.ceil(slices.rows.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    const body = document.getElementById("slice-rows");
    body.replaceChildren(...slices.rows.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE)
        .map((row) => sliceRow(row, scale, "slice-row", () => { state.trail = ["all", row.slice_key]; draw(); })));
    document.getElementById("page-label").textContent = `page ${state.page + 1} of ${pages}`;
    document.getElementById("prev-page").disabled = state.page === 0;
    document.getElementById("next-page").disabled = state.page >= pages - 1;
    drawDrilldown(model, window, slices, scale);
}
function drawDrilldown(model, window, slices, scale) {
    const crumbs = document.getElementById("breadcrumbs");
    crumbs.replaceChildren();
    state.trail.forEach((key, i) => {
        if (i) crumbs.append(el("span", { class: "sep" }, "›"));
        const before = new Set(conditions(state.trail[i - 1] || "all"));
        const added = conditions(key).filter((condition) => !before.has(condition)).map(conditionChip);
        const link = el("a", { "data-testid": "crumb", "data-slice-key": key }, ...(key === "all" ? ["All"] : added));
        link.addEventListener("click", () => { state.trail = state.trail.slice(0, i + 1); draw(); });
        crumbs.append(link);
    });
    const key = selectedKey();
    const row = slices.byKey.get(key);
    const card = document.getElementById("slice-card");
    if (key === "all") {
        card.replaceChildren(el("div", {}, "The whole window: ", el("span", { class: "big" }, `${model.metric} ${fmt(window.metric_value)}`),
            ` on ${window.window_rows} predictions; baseline ${fmt(window.baseline_value)}.`));
    } else {
        card.replaceChildren(
            el("div", {}, sliceLabel(key)),
            el("div", {}, el("span", { class: "big" }, `${model.metric} ${fmt(row.metric_value)}`),
                ` vs ${fmt(window.metric_value)} overall`
                + (row.baseline_value === null ? "" : ` and ${fmt(row.baseline_value)} on the baseline`)
                + ` — ${SCORE_LABELS[row.ranked_by]} ${fmt(score(row))} (rank ${row.impact_rank})`
                + (row.ranked_by === "impact_score" ? "" : `, impact score ${fmt(row.impact_score)}`)),
            el("div", { class: "muted" }, `${row.slice_rows} predictions, ${pct(row.volume_share)} of the window; `
                + (row.is_absent_from_baseline ? "absent from the baseline (a new segment). "
                    : `change against the baseline: ${fmt(row.performance_contribution)} from the slice's own ${model.metric}, `
                    + `${fmt(row.mix_contribution)} from its share of traffic.`)));
    }
    const children = slices.children.get(key) || [];
    document.getElementById("children-title").textContent =
        children.length ? `${key === "all" ? "Slices on one column" : "Children (one condition more)"}, by ${scoreLabel(slices)}` : "No children above the minimum slice size";
    document.getElementById("child-rows").replaceChildren(...children.map((child) =>
        sliceRow(child, scale, "child-row", () => { state.trail = [...state.trail, child.slice_key]; draw(); })));
    const beyond = slices.beyondCap[key] || 0;
    document.getElementById("children-note").textContent = beyond
        ? `${beyond} more children are below the embedded top ${slices.cap}: query analyses/slice_drilldown.sql.` : "";
}

// ---- step 3: drift and quality of the selected slice ------------------------------
function drawWhy() {
    const { model } = current();
    const key = selectedKey();
    const columns = sliceColumns(key);
    document.getElementById("why-label").replaceChildren(key === "all" ? "the whole window" : sliceLabel(key));
    const alerts = alertsOf(model, state.window);
    const severityOf = (feature) => {
        const hits = alerts.filter((a) => a.alert_kind === "drift" && a.subject === feature);
        return hits.some((a) => a.severity === "error") ? "error" : hits.length ? "warn" : null;
    };
    const drift = model.drift.filter((d) => d.window_start === state.window && d.psi !== null)
        .sort((a, b) => (columns.has(b.feature_name) - columns.has(a.feature_name)) || (b.psi - a.psi));
    const box = document.getElementById("drift-chart");
    box.replaceChildren();
    if (drift.length) {
        const W = 560, row = 26, left = 150, right = 200, H = drift.length * row + 24;
        const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "PSI per feature" });
        const top = Math.max(0.3, ...drift.map((d) => d.psi));
        const x = (v) => left + (Math.min(v, top) * (W - left - right)) / top;
        drift.forEach((d, i) => {
            const severity = severityOf(d.feature_name);
            const g = svg("g", { "data-testid": "drift-bar", "data-feature": d.feature_name });
            g.append(svg("text", { x: left - 8, y: i * row + 17, "text-anchor": "end", class: columns.has(d.feature_name) ? "label" : "" },
                (columns.has(d.feature_name) ? "● " : "") + d.feature_name));
            g.append(svg("rect", { x: left, y: i * row + 6, width: Math.max(1, x(d.psi) - left), height: 14, rx: 2,
                fill: columns.has(d.feature_name) ? "var(--slice)" : "var(--bar)" }));
            g.append(svg("text", { x: x(d.psi) + 6, y: i * row + 17, class: "label" },
                `${fmt(d.psi)}  JS ${fmt(d.js_distance, 2)}` + (d.unseen_share ? `  unseen ${pct(d.unseen_share)}` : "")
                + (severity ? `  ${severity}` : "")));
            chart.append(g);
        });
        for (const level of [0.1, 0.25]) {
            chart.append(svg("line", { x1: x(level), x2: x(level), y1: 0, y2: H - 20, stroke: "var(--error)", "stroke-dasharray": "3 3", opacity: 0.6 }));
            chart.append(svg("text", { x: x(level), y: H - 6, "text-anchor": "middle" }, String(level)));
        }
        box.append(chart);
    } else {
        box.append(el("p", { class: "muted" }, "No drift statistics for this window (no baseline?)."));
    }
    drawDriftTrend(model, drift.slice(0, 3).map((d) => d.feature_name));
    const failed = alerts.filter(isCause)
        .sort((a, b) => (columns.has(b.subject) - columns.has(a.subject)) || (a.severity === "error" ? -1 : 1) - (b.severity === "error" ? -1 : 1));
    const body = document.getElementById("check-rows");
    body.replaceChildren(...failed.map((a) => el("tr", { class: columns.has(a.subject) ? "in-slice" : "", "data-testid": "failed-check" },
        el("td", {}, `${a.alert_kind}: ${a.check_name}`), el("td", {}, (columns.has(a.subject) ? "● " : "") + a.subject),
        el("td", { class: "num" }, fmt(a.observed_value)), el("td", { class: "num" }, `${a.breached_when === "below" ? "≥ " : "≤ "}${fmt(a.threshold)}`),
        el("td", {}, el("span", { class: `badge ${a.severity}` }, a.severity)))));
    if (!failed.length) body.append(el("tr", {}, el("td", { colspan: 5, class: "muted" }, "No drift or quality threshold breached in this window.")));
}

const TREND_COLOURS = ["#7c3aed", "#0891b2", "#db2777"];
function drawDriftTrend(model, features) {
    const box = document.getElementById("drift-trend");
    box.replaceChildren();
    document.getElementById("drift-trend-title").textContent = `PSI over time: ${features.join(", ") || "—"}`;
    const starts = model.windows.map((w) => w.window_start);
    const series = features.map((feature) => starts.map((start) =>
        (model.drift.find((d) => d.window_start === start && d.feature_name === feature) || {}).psi ?? null));
    const values = series.flat().filter((v) => v !== null);
    if (!values.length) return;
    const W = 560, H = 120, left = 40, right = 130, top = 8, bottom = 18;
    const high = Math.max(0.3, ...values);
    const x = (i) => left + (starts.length === 1 ? 0 : (i * (W - left - right)) / (starts.length - 1));
    const y = (v) => top + ((high - v) * (H - top - bottom)) / high;
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "PSI per window" });
    for (const level of [0.1, 0.25]) {
        chart.append(svg("line", { x1: left, x2: W - right, y1: y(level), y2: y(level), stroke: "var(--error)", "stroke-dasharray": "3 3", opacity: 0.6 }));
    }
    chart.append(svg("text", { x: left - 4, y: y(high) + 8, "text-anchor": "end" }, high.toFixed(2)));
    chart.append(svg("text", { x: left - 4, y: y(0), "text-anchor": "end" }, "0"));
    const selected = starts.indexOf(state.window);
    chart.append(svg("line", { x1: x(selected), x2: x(selected), y1: top, y2: H - bottom, stroke: "#2463eb55", "stroke-width": 6 }));
    chart.append(svg("text", { x: left, y: H - 4 }, starts[0]));
    chart.append(svg("text", { x: W - right, y: H - 4, "text-anchor": "end" }, starts[starts.length - 1]));
    series.forEach((values, k) => {
        // a line per run of windows with a PSI, a dot on each: a window without one is a gap
        runs(values).forEach((run) => chart.append(svg("polyline", { class: "psi-line", "data-feature": features[k],
            points: run.map(([i, v]) => `${x(i)},${y(v)}`).join(" "), fill: "none", stroke: TREND_COLOURS[k], "stroke-width": 2 })));
        values.forEach((v, i) => v !== null && chart.append(svg("circle", { class: "psi-point", "data-feature": features[k],
            "data-window": starts[i], cx: x(i), cy: y(v), r: 2.5, fill: TREND_COLOURS[k] })));
        chart.append(svg("text", { x: W - right + 8, y: top + 12 + 16 * k, style: `fill:${TREND_COLOURS[k]}` }, features[k]));
    });
    box.append(chart);
}

// ---- state changes -------------------------------------------------------------------
function topSliceTrail() {
    const { slices } = current();
    return slices && slices.rows.length ? ["all", slices.rows[0].slice_key] : ["all"];
}
function selectWindow(start) {
    state.window = start;
    state.page = 0;
    const { slices } = current();
    if (!state.trail.every((key) => key === "all" || slices.byKey.has(key))) state.trail = topSliceTrail();
    draw();
}
function selectModel(index) {
    state.model = index;
    state.window = MODELS[index].opened_window;
    state.page = 0;
    state.trail = topSliceTrail();
    draw();
}
function draw() {
    drawOverall();
    drawSlices();
    drawWhy();
}

function init() {
    const select = document.getElementById("model-select");
    MODELS.forEach((model, i) => select.append(el("option", { value: String(i) }, model.name)));
    select.addEventListener("change", () => selectModel(Number(select.value)));
    document.getElementById("prev-page").addEventListener("click", () => { state.page -= 1; drawSlices(); });
    document.getElementById("next-page").addEventListener("click", () => { state.page += 1; drawSlices(); });
    document.getElementById("source").textContent = `built ${DATA.generated_at} from ${DATA.source}`;
    document.getElementById("footer").textContent = "ml_tracing static report: every number comes from the marts "
        + "ml_tracing__performance_over_time, __slice_impact, __feature_drift and __alerts.";
    const usable = MODELS.findIndex((model) => model.windows.length);
    if (usable < 0) {
        document.querySelector("main").replaceChildren(el("p", {}, "The marts hold no windows yet: run dbt build first."));
        return;
    }
    selectModel(usable);
}
init();
