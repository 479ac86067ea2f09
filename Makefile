# ml_tracing — every target creates its own virtualenv from the pinned requirements.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
ENGINE ?= duckdb
PYTEST_ARGS ?=
DEMO_DATABASE := demo/ml_tracing_demo.duckdb
REPORT := build/report/ml_tracing_report.html
# The browser test drives Debian's Chromium (installed from apt when missing).
CHROMIUM := /usr/bin/chromium
ROWS ?= 1000000
COLUMNS ?= 8
DEPTH ?= 3

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
	cd demo && ../$(BIN)/dbt deps --quiet --profiles-dir . && ../$(BIN)/dbt build --profiles-dir .
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

## make test: the whole pytest suite, sqlfluff on the compiled SQL included (ENGINE=duckdb by default)
test: venv $(CHROMIUM)
	$(BIN)/python -m pytest python_tests --engine $(ENGINE) $(PYTEST_ARGS)

## make lint: only sqlfluff over the SQL the package compiles to
lint: venv
	$(BIN)/python -m pytest python_tests/test_lint.py --engine $(ENGINE)

$(CHROMIUM):
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

## make bench: time the slice marts against the naive GROUPING SETS query and sliceline
##   (make bench ROWS=10000000 COLUMNS=8 DEPTH=3 ENGINE=duckdb)
bench: venv
	$(BIN)/python scripts/bench.py --rows $(ROWS) --columns $(COLUMNS) --depth $(DEPTH) --engine $(ENGINE)

clean:
	rm -rf $(VENV) bench/work demo/target demo/dbt_packages demo/logs demo/*.duckdb seeds/demo/*.csv build
