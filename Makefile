# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv themselves.
# `make help` lists every target.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help venv system-deps demo test test-fast sample-data bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP) ## create .venv and install the kit with its test extras

system-deps: ## Debian packages the reports and tests use (chromium for PDF, poppler-utils), if missing
	@if command -v chromium >/dev/null && command -v pdfinfo >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium poppler-utils; \
	else echo "note: install Debian's chromium and poppler-utils for PDF reports (tests skip PDF)"; fi

demo: $(STAMP) ## ingest the sample board (sample_data/) into store/ and print the summary
	$(BIN)/kit demo

test: $(STAMP) system-deps ## run the whole test suite (what CI runs)
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## the test suite without the slow tests
	$(BIN)/python -m pytest -m 'not slow'

sample-data: $(STAMP) ## regenerate sample_data/ from its seeded generator
	$(BIN)/python sample_data/generate.py

bench: $(STAMP) ## run the benchmarks in benchmarks/ (not part of the tests)
	$(BIN)/python benchmarks/ingest.py

clean: ## remove the venv, the store and generated reports
	rm -rf $(VENV) store reports .pytest_cache .hypothesis
