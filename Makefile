# ml_tracing — every target creates its own virtualenv from the pinned requirements.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
ENGINE ?= duckdb
PYTEST_ARGS ?=

.PHONY: venv demo demo-ci test lint clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

venv: $(BIN)/.installed

## make demo: build the fraud demo on embedded DuckDB and print the top slices
demo: venv
	$(BIN)/python scripts/generate_demo_data.py --out seeds/demo
	cd demo && ../$(BIN)/dbt deps --quiet --profiles-dir . && ../$(BIN)/dbt build --profiles-dir .
	$(BIN)/python scripts/show_demo_results.py --database demo/ml_tracing_demo.duckdb

## make demo-ci: the CI story — dbt build fails on the drifted period, passes on a clean one
demo-ci: venv
	cd demo && ../$(BIN)/dbt deps --quiet --profiles-dir .
	$(BIN)/python scripts/demo_ci_story.py

## make test: the whole pytest suite, sqlfluff on the compiled SQL included (ENGINE=duckdb by default)
test: venv
	$(BIN)/python -m pytest python_tests --engine $(ENGINE) $(PYTEST_ARGS)

## make lint: only sqlfluff over the SQL the package compiles to
lint: venv
	$(BIN)/python -m pytest python_tests/test_lint.py --engine $(ENGINE)

clean:
	rm -rf $(VENV) demo/target demo/dbt_packages demo/logs demo/*.duckdb seeds/demo/*.csv
