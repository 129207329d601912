# Two entry points for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run replay test lint bench clean

$(BIN)/coachbot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

run: $(BIN)/coachbot
	$(BIN)/coachbot run

replay: $(BIN)/coachbot
	$(BIN)/coachbot replay

test: $(BIN)/coachbot
	$(BIN)/pytest

lint: $(BIN)/coachbot
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/mypy bot

bench: $(BIN)/coachbot
	$(BIN)/python benchmarks/classifier_bench.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
