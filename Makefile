# Palermo: the two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_DIR := var/demo
DEMO_ENV := PALERMO_DATABASE_URL=sqlite:///$(DEMO_DIR)/palermo.db \
	PALERMO_KEY_FILE=$(DEMO_DIR)/palermo.keys PALERMO_INSECURE_COOKIES=1

.PHONY: install demo demo-build serve test test-fast lint format bench clean i18n-check

$(BIN)/palermo: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,browser,spark,synthetic]'
	touch $@

install: $(BIN)/palermo

## Build a fresh simulated national world on SQLite, serve it and print the demo logins.
demo: install
	rm -rf $(DEMO_DIR)
	$(DEMO_ENV) $(BIN)/palermo demo build --out $(DEMO_DIR)
	$(DEMO_ENV) $(BIN)/palermo serve --port $(PORT) --logins $(DEMO_DIR)/logins.txt

## The whole test suite (PostgreSQL and browser tests run when configured: see .ci/run).
test: install
	$(BIN)/pytest -n auto

test-fast: install
	$(BIN)/pytest -n auto -m "not browser and not postgres and not slow"

## ruff (rules and format), mypy (types), import-linter (the layout's arrows).
lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

## Every message of the code and the templates translated, placeholders kept (docs/translating.md).
i18n-check: install
	$(BIN)/python -m palermo.i18n.check

bench: install
	for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
