# Quick start: `make demo` serves the demo on http://127.0.0.1:5000, `make test` runs every test.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo serve test lint typecheck bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,redis]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/borgerrejse demo
	$(BIN)/borgerrejse run --host 127.0.0.1 --port 5000

serve: install
	$(BIN)/borgerrejse run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check survey analysis tests benchmarks

typecheck: install
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/analysis.py
	$(BIN)/python benchmarks/briefs.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
