# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv themselves.
# `make help` lists every target.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The versions the test suite passed with, as pip constraints; `make lock` refreshes it.
LOCK   := requirements.lock
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help venv lock lock-check system-deps demo dashboard test test-fast fuzz sample-data bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# pyproject.toml says what the kit needs (ranges), $(LOCK) which versions were tested: `-c`
# installs exactly those. A dependency missing from the lock would come unpinned (and fails
# tests/test_environment.py); a minimum in pyproject.toml above the lock's pin stops pip here.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade -c $(LOCK) pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[test]' || { echo "installing from \
	$(LOCK) failed; if pip names conflicting versions, pyproject.toml and the lock disagree: \
	run make lock, then make test" >&2; exit 1; }
	@# jsonschema's format extras pull in rfc3987-syntax, whose import costs about 2 s in every
	@# process that loads nbformat (papermill, nbconvert, nbval; jsonschema issue #1428). Nothing
	@# in the kit validates IRIs, and `pip check` stays clean without it. The lock pins it all the
	@# same: pip installs it (and its dependency lark) before this line, and the pin keeps that
	@# install repeatable.
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax
	$(BIN)/python -m pip check
	touch $(STAMP)

venv: $(STAMP) ## create .venv and install the kit with its test extras, versions from requirements.lock

# awk: `name==version` lines (of a lock or `pip freeze`), names normalised as PEP 503 does
AWK_NORM := function norm(s) { s = tolower(s); gsub(/[-_.]+/, "-", s); return s }
# old lock, new lock -> the pins added (+), removed (-) and changed (~)
AWK_LOCK_DIFF := $(AWK_NORM) /^\#/ || NF != 2 { next } FNR == NR { old[norm($$1)] = $$2; next } \
	{ new[norm($$1)] = $$2 } END { for (k in new) if (!(k in old)) print "  + " k " " new[k]; \
	else if (old[k] != new[k]) print "  ~ " k " " old[k] " -> " new[k]; \
	for (k in old) if (!(k in new)) print "  - " k " " old[k] }
# lock, `pip freeze` -> exit 1 when a pinned package is missing or has another version
AWK_LOCK_CHECK := $(AWK_NORM) /^\#/ || NF != 2 { next } FNR == NR { lock[norm($$1)] = $$2; next } \
	{ inst[norm($$1)] = $$2 } END { bad = 0; for (k in lock) { if (k == "rfc3987-syntax") continue; \
	if (!(k in inst)) { print "  missing: " k "==" lock[k]; bad = 1 } \
	else if (inst[k] != lock[k]) { print "  differs: " k " " inst[k] " installed, " lock[k] " locked"; bad = 1 } } \
	for (k in inst) if (!(k in lock) && k != "setuptools") print "  not in the lock (by hand or unpinned): " k "==" inst[k]; \
	n = 0; for (k in lock) n++; if (bad) { print "$(VENV) differs from $(LOCK): make venv reinstalls from it"; exit 1 } \
	print "$(VENV) has the " n " versions of $(LOCK)" }

lock: ## refresh requirements.lock to the newest versions pyproject.toml allows (fresh venv under /tmp) and print what changed; commit it only after `make test` passes with it
	@set -e; tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/kit-lock.XXXXXX"); trap 'rm -rf "$$tmp"' EXIT; \
	py="$$tmp/venv/bin/python"; \
	echo "fresh venv in $$tmp: pip install -e '.[test]' without constraints"; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$py" -m pip install --quiet --upgrade pip; \
	"$$py" -m pip install --quiet -e '.[test]'; \
	{ "$$py" -m pip freeze --all | grep -i '^pip=='; "$$py" -m pip freeze --exclude-editable; } > "$$tmp/freeze"; \
	if grep -v -E '^[A-Za-z0-9][A-Za-z0-9._-]*==[^ ;@]+$$' "$$tmp/freeze"; then \
	  echo "(above) not a plain name==version pin: the lock takes only packages from an index" >&2; exit 1; fi; \
	"$$py" -m pip uninstall --quiet --yes rfc3987-syntax; \
	"$$py" -m pip check; \
	{ echo "# $(LOCK): the versions the test suite passed with. \`make\` installs them as pip constraints"; \
	  echo "# (pip install -c $(LOCK) -e '.[test]'); pyproject.toml keeps the ranges of what is needed."; \
	  echo "# Made by \`make lock\` with Python $$("$$py" -c 'import platform as p; print(p.python_version(), "on", p.system(), p.machine())'):"; \
	  echo "# a fresh venv, pip install -e '.[test]' without constraints (the newest versions pyproject.toml"; \
	  echo "# allows), pip freeze. To refresh: \`make lock\`, then \`make test\`; commit the lock only if it passes."; \
	  echo "# rfc3987-syntax is installed from its pin and then removed again by \`make venv\` (see Makefile)."; \
	  awk -F'==' '$(AWK_NORM) { print norm($$1) "==" $$2 }' "$$tmp/freeze" | LC_ALL=C sort -u; } > "$$tmp/lock"; \
	old=$(LOCK); [ -f "$$old" ] || old=/dev/null; \
	changes=$$(awk -F'==' '$(AWK_LOCK_DIFF)' "$$old" "$$tmp/lock" | LC_ALL=C sort -k2); \
	if cmp -s "$$tmp/lock" "$$old"; then echo "$(LOCK) unchanged"; \
	else cp "$$tmp/lock" $(LOCK); \
	  echo "$(LOCK) written, $$(grep -c '==' $(LOCK)) pins; changed (+ added, - removed, ~ version):"; \
	  echo "$${changes:-  no versions (only the header)}"; \
	  echo "now run make test; commit $(LOCK) only if the suite passes"; fi

lock-check: $(STAMP) ## check that .venv holds exactly the versions in requirements.lock
	@$(BIN)/python -m pip freeze --all --exclude-editable | awk -F'==' '$(AWK_LOCK_CHECK)' $(LOCK) -

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

FUZZ_CASES ?= 20000
FUZZ_SEED  ?= 1
fuzz: $(STAMP) ## feed FUZZ_CASES (20000) damaged sample exports to the readers and print the count per outcome (failures to .fuzz-failures/)
	$(BIN)/python tests/fuzz_readers.py --cases $(FUZZ_CASES) --seed $(FUZZ_SEED)

sample-data: $(STAMP) ## regenerate sample_data/ from its seeded generator
	$(BIN)/python sample_data/generate.py

bench: $(STAMP) ## run the benchmarks in benchmarks/ (not part of the tests)
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/batch.py
	$(BIN)/python benchmarks/dashboard.py

clean: ## remove the venv, the store and generated reports
	rm -rf $(VENV) store reports .pytest_cache .hypothesis .fuzz-failures
