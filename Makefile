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

# Scores the pipeline on the labelled corpus (../shared/corpus), loaded into its own warehouse.
EVAL_WAREHOUSE := data/warehouse/eval.duckdb
eval: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	@if [ ! -d "$(SHARED)/corpus/raw" ]; then echo "no labelled corpus at $(SHARED)/corpus; set SHARED=<folder holding corpus/>"; exit 0; fi
	OGI_RAW_DIR=$(SHARED)/corpus/raw OGI_WAREHOUSE=$(EVAL_WAREHOUSE) $(BIN)/python -m assets run
	$(BIN)/python -m pipeline eval --labels $(SHARED)/corpus/labels --warehouse data/warehouse/eval_analytics.duckdb

bench: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf data/warehouse/*.duckdb data/warehouse/*.duckdb.wal data/warehouse/*_lake
