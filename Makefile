# ml_tracing — every target creates its own virtualenv from the pinned requirements.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
ENGINE ?= duckdb
PYTEST_ARGS ?=

.PHONY: venv demo test lint unit clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

venv: $(BIN)/.installed

## make demo: build the fraud demo on embedded DuckDB and print the top slices
demo: venv
	$(BIN)/python scripts/generate_demo_data.py --out seeds/demo
	cd demo && ../$(BIN)/dbt deps --quiet && ../$(BIN)/dbt build --profiles-dir . --vars '{ml_tracing_demo: true}'
	$(BIN)/python scripts/show_top_slices.py --database demo/ml_tracing_demo.duckdb

## make lint: sqlfluff over the package's models, macros and analyses
lint: venv
	$(BIN)/sqlfluff lint models analyses tests

## make test: lint, then the pytest suite (ENGINE=duckdb by default)
test: lint
	$(BIN)/python -m pytest python_tests --engine $(ENGINE) $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) demo/target demo/dbt_packages demo/logs demo/*.duckdb seeds/demo/*.csv
