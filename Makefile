# statwatch developer loop. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The library and the harness (statwatch_dev/, its own distribution): a change to either pyproject reinstalls.
PYPROJECTS := pyproject.toml statwatch_dev/pyproject.toml
STAMP := $(VENV)/.installed-$(shell cat $(PYPROJECTS) | cksum | cut -d' ' -f1)

.DEFAULT_GOAL := help
# Debian packages: a browser and its driver for the UI tests, a CJK font for the charts (.ci/system-packages).
SYSTEM_PACKAGES := chromium chromium-driver fonts-noto-cjk
.PHONY: help install system vendor postgres demo demo-cluster ui chaos test lint bench places clean

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): $(PYPROJECTS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing statwatch and its dependencies into $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/pip install -e '.[dev]' -e ./statwatch_dev > $(VENV)/install.log 2>&1 || (tail -30 $(VENV)/install.log; exit 1)
	@rm -f $(VENV)/.installed-*
	@touch $@

install: system $(STAMP) vendor ## Create .venv and install statwatch, its dev tools and the harness (statwatch_dev)

vendor: $(STAMP) ## Vendor the GX Data Docs assets from npm (vendor/data_docs), so the pages work offline
	@$(BIN)/python -m statwatch_dev.vendor

system: ## Install chromium, chromium-driver and fonts-noto-cjk where we can (root on Debian), else say what is missing
	@bash .ci/system-packages $(SYSTEM_PACKAGES)

demo: system $(STAMP) vendor ## Run the whole pipeline through Airflow against the sample publisher
	$(BIN)/statwatch demo

demo-cluster: system $(STAMP) vendor postgres ## The same story on the cluster profile: PostgreSQL, DuckLake, 2 schedulers, 2 Edge workers
	$(BIN)/statwatch demo --cluster

# PostgreSQL 15 for the cluster profile and its tests: installed from Debian when missing and we are root (CI);
# otherwise the cluster tests are skipped with the reason and demo-cluster says what to install.
postgres:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	      echo "installing postgresql-15 (Debian)"; \
	      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15) >/dev/null; \
	    else echo "PostgreSQL is not installed: apt-get install postgresql-15 (the cluster profile needs it)"; fi; }

SEED ?= 1
chaos: system $(STAMP) vendor ## Run the demo story while a seeded schedule kills its parts; checks nothing is lost (SEED=n)
	$(BIN)/statwatch chaos --seed $(SEED)

ui: system $(STAMP) vendor ## Run the demo and keep Airflow up on 127.0.0.1 (DAG runs, assets, alert and evidence pages) until Ctrl-C
	$(BIN)/statwatch demo --keep

test: system $(STAMP) vendor postgres ## Run the full test suite (the cluster tests start their own PostgreSQL)
	$(BIN)/pytest

lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check statwatch statwatch_airflow statwatch_dev dags tests bench
	$(BIN)/mypy

bench: $(STAMP) ## Run the benchmarks under bench/ (prints figures)
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

places: $(STAMP) ## Regenerate warehouse/places.txt (downloads cpca and jieba into var/gaz; neither is installed)
	rm -rf var/gaz && $(BIN)/pip download cpca==0.5.5 jieba==0.42.1 --no-deps -q -d var/gaz
	$(BIN)/python -m statwatch_dev.gazetteer var/gaz > warehouse/places.txt

clean: ## Remove runtime state (var/ with the cluster's PostgreSQL and lake, .airflow*/, the demo warehouse); keeps .venv
	rm -rf var .airflow .airflow-cluster warehouse/statwatch.duckdb warehouse/statwatch.duckdb.wal warehouse/.statwatch.*
