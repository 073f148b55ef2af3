# GES: `make run` to try it, `make test` to check it. Everything else is set up by these.
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
GES := $(BIN)/ges
PYTEST_ARGS ?=

.PHONY: run test setup venv translations database demo lint typecheck migrations-check \
        test-sqlite test-postgres system-packages bench clean

run: setup
	@echo "GES is at http://127.0.0.1:8000  (Ctrl+C stops it)"
	$(GES) runserver 127.0.0.1:8000

setup: venv translations database demo

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@python=$$(sh scripts/find-python) || exit 1; \
	  [ -x $(BIN)/python ] || $$python -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

translations: venv
	$(GES) compilemessages --ignore=.venv --ignore=var -v 0

database: venv
	$(GES) migrate --no-input -v 0

demo: database
	$(GES) load_demo

system-packages:
	@sh scripts/system-packages

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	sh scripts/check-translations

typecheck: venv
	$(BIN)/mypy ges bench

migrations-check: venv
	$(GES) makemigrations --check --dry-run

test: venv system-packages translations lint typecheck migrations-check test-sqlite test-postgres

test-sqlite: venv
	@echo "== pytest on SQLite"
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: venv
	@echo "== pytest on PostgreSQL"
	sh scripts/with-postgres $(BIN)/pytest $(PYTEST_ARGS)

bench: setup
	@for bench in bench/bench_*.py; do echo "== $$bench"; $(BIN)/python $$bench || exit 1; done

clean:
	rm -rf $(VENV) var
