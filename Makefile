# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv themselves.
# `make help` lists every target.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help venv system-deps demo dashboard test test-fast sample-data bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# jsonschema's format extras pull in rfc3987-syntax, whose import costs about 2 s in every
	@# process that loads nbformat (papermill, nbconvert, nbval; jsonschema issue #1428). Nothing
	@# in the kit validates IRIs, and `pip check` stays clean without it.
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax
	$(BIN)/python -m pip check
	touch $(STAMP)

venv: $(STAMP) ## create .venv and install the kit with its test extras

system-deps: ## Debian packages the reports and tests use (chromium for PDF and the dashboard's browser tests, poppler-utils), if missing
	@if command -v chromium >/dev/null && command -v pdfinfo >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium poppler-utils; \
	else echo "note: install Debian's chromium and poppler-utils for PDF reports (tests skip PDF)"; fi

demo: $(STAMP) system-deps ## ingest the sample board into store/, render all its reports into reports/
	$(BIN)/kit demo

dashboard: $(STAMP) ## serve the study-day dashboard (Voilà) on the sample board, localhost:8866
	$(BIN)/kit dashboard

test: $(STAMP) system-deps ## run the whole test suite (what CI runs)
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## the test suite without the slow tests
	$(BIN)/python -m pytest -m 'not slow'

sample-data: $(STAMP) ## regenerate sample_data/ from its seeded generator
	$(BIN)/python sample_data/generate.py

bench: $(STAMP) ## run the benchmarks in benchmarks/ (not part of the tests)
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/batch.py
	$(BIN)/python benchmarks/dashboard.py

clean: ## remove the venv, the store and generated reports
	rm -rf $(VENV) store reports .pytest_cache .hypothesis
