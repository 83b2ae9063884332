# The two commands of the README: `make demo` and `make test`. Both start from nothing:
# they create .venv, install the project, and install the Debian packages the project
# needs (CJK fonts for the dossier factory, Chromium for the HTML rendering test).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= demo-out
PYTEST_ARGS ?=

.PHONY: demo test test-all test-fast bench bench-endtoend accuracy system-deps clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

system-deps:
	@bash bench/system-deps.sh

demo: $(STAMP) system-deps
	$(BIN)/dossier demo --out $(OUT) --serve

# What CI runs: every test but the slow ones, plus the slow tests an issue's "done when" names
# (marker `ci`: the case file end to end on SQLite and PostgreSQL, the workbench in Chromium,
# the issued documents through LibreOffice). The default run keeps a real-OCR end-to-end test.
test: $(STAMP) system-deps
	$(BIN)/python -m pytest -n 2 -m "not slow or ci" $(PYTEST_ARGS)

# Everything, the slow tests too (server mode on PostgreSQL, watcher restarts, factory OCR…).
test-all: $(STAMP) system-deps
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow" $(PYTEST_ARGS)

bench: $(STAMP) system-deps
	BENCH_TOOLS=1 bash bench/system-deps.sh
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python bench/bench_pagescan.py

# A whole review as users run it (check, batch) against full-page OCR and OCRmyPDF (~20 min on 2 cores).
bench-endtoend: $(STAMP) system-deps
	BENCH_TOOLS=1 bash bench/system-deps.sh
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python bench/bench_endtoend.py

accuracy: $(STAMP) system-deps
	$(BIN)/python bench/accuracy.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
