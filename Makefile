# Quick start: `make run` (set up, then load data/raw into the warehouse) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DAGSTER_HOME := $(CURDIR)/.dagster
SHARED ?= ../shared

.PHONY: setup run test ui eval bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

$(DAGSTER_HOME)/dagster.yaml: deploy/dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	cp deploy/dagster.yaml $@

run: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m assets run

test: $(STAMP)
	$(BIN)/python -m pytest -q

ui: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

eval: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m pipeline eval --corpus $(SHARED)/corpus

bench: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf data/warehouse/*.duckdb data/warehouse/*.duckdb.wal data/warehouse/*_lake
