# Two commands do all the set-up on a fresh machine:
#   make run    create .venv, install, score the bundled example
#   make test   the same, then run the test suite
# The first interpreter that really runs and is 3.11 or 3.12 (pyenv shims may exist but fail).
PYTHON ?= $(or $(shell for p in python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))' >/dev/null 2>&1 && { echo $$p; break; }; \
	done),python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench schemas lint clean

$(STAMP): pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 13) else "Python 3.11 or 3.12 is needed (durable_rules 2.0.28 does not import on 3.13)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[addin,dev,postgres]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/scoring demo

# bytecode outside the checkout: the tests leave it as they found it
test: $(STAMP)
	PYTHONPYCACHEPREFIX=$${TMPDIR:-/tmp}/cchc-tests/pycache $(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_addin.py
	$(BIN)/python benchmarks/bench_cli_start.py
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_workbook.py
	$(BIN)/python benchmarks/bench_consolidate.py
	$(BIN)/python benchmarks/bench_appraisal.py

schemas: $(STAMP)
	$(BIN)/scoring schemas

lint: $(STAMP)
	$(BIN)/ruff check scoring tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
