# ml_tracing — every target creates its own virtualenv from the pinned requirements.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# `all`: the full suite on DuckDB, then the cross-engine part on PostgreSQL and Spark
ENGINE ?= all
TEST_ENGINES := $(if $(filter all,$(ENGINE)),duckdb postgres spark,$(ENGINE))
PYTEST_ARGS ?=
DEMO_DATABASE := demo/ml_tracing_demo.duckdb
REPORT := build/report/ml_tracing_report.html
# The browser test drives Debian's Chromium (installed from apt when missing).
CHROMIUM := /usr/bin/chromium
ROWS ?= 1000000
MODELS ?= 1
COLUMNS ?= 8
DEPTH ?= 3
# the benchmark runs on one engine: DuckDB unless ENGINE names another
BENCH_ENGINE := $(if $(filter all,$(ENGINE)),duckdb,$(ENGINE))

.PHONY: venv demo demo-ci report test lint bench clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

venv: $(BIN)/.installed

## make demo: build the fraud demo on embedded DuckDB, print the top slices, write the report
demo: venv
	$(BIN)/python scripts/generate_demo_data.py --out seeds/demo
	cd demo && ../$(BIN)/dbt deps --quiet --profiles-dir . && ../$(BIN)/dbt build --profiles-dir . --full-refresh
	$(BIN)/python scripts/show_demo_results.py --database $(DEMO_DATABASE)
	$(BIN)/python scripts/build_report.py --database $(DEMO_DATABASE) --out $(REPORT)

## make report: the static tracing report (one HTML file) from the demo's marts
report: venv
	test -f $(DEMO_DATABASE) || $(MAKE) --no-print-directory demo
	$(BIN)/python scripts/build_report.py --database $(DEMO_DATABASE) --out $(REPORT)

## make demo-ci: the CI story — dbt build fails on the drifted period, passes on a clean one
demo-ci: venv
	cd demo && ../$(BIN)/dbt deps --quiet --profiles-dir .
	$(BIN)/python scripts/demo_ci_story.py

## make test: the pytest suite on every engine (ENGINE=duckdb|postgres|spark for one), sqlfluff included;
##   DuckDB's suite runs beside PostgreSQL's and Spark's (scripts/run_tests.py)
test: venv $(CHROMIUM)
	$(BIN)/python scripts/run_tests.py $(TEST_ENGINES) --pytest-args='$(PYTEST_ARGS)'

## make lint: only sqlfluff over the SQL the package compiles to
lint: venv
	$(BIN)/python -m pytest python_tests/test_lint.py --engine duckdb

$(CHROMIUM):
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

## make bench: time the slice marts against the naive GROUPING SETS query and sliceline
##   (make bench ROWS=10000000 COLUMNS=8 DEPTH=3 ENGINE=duckdb)
bench: venv
	$(BIN)/python scripts/bench.py --rows $(ROWS) --columns $(COLUMNS) --depth $(DEPTH) --models $(MODELS) --engine $(BENCH_ENGINE)

clean:
	rm -rf $(VENV) bench/work bench/numeric_drift demo/target demo/dbt_packages demo/logs demo/*.duckdb seeds/demo/*.csv build
