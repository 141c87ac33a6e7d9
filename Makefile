# Kinhaven: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export KINHAVEN_VAR_DIR ?= $(CURDIR)/var
# Links in e-mail point at the server make run starts.
export KINHAVEN_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test test-sqlite test-postgres lint chromium clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	mkdir -p var
	@# PostgreSQL with two roles (README, Configuration): the owner creates the application's.
	@if [ -n "$$KINHAVEN_DB_APP_ROLE" ] && [ -n "$$DATABASE_URL" ]; then \
		$(BIN)/kinhaven db_roles --app-role "$$KINHAVEN_DB_APP_ROLE" --create \
			$${KINHAVEN_DB_APP_PASSWORD:+--password-from-env KINHAVEN_DB_APP_PASSWORD}; \
	fi
	$(BIN)/kinhaven migrate --noinput
	$(BIN)/kinhaven demo
	@# A var/ signed before the witness existed starts it from its checkpoints; then a no-op.
	$(BIN)/kinhaven audit witness-start
	$(BIN)/kinhaven audit checkpoint
	$(BIN)/kinhaven audit schedule
	$(BIN)/kinhaven deadlines schedule
	$(BIN)/kinhaven duplicates schedule
	@echo "Kinhaven: http://127.0.0.1:$(PORT)/ (background worker running alongside)"
	@$(BIN)/kinhaven db_worker --interval 5 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/kinhaven runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; \
	fi

# Test processes per suite (pytest-xdist): one per core.
XDIST ?= -n auto --dist worksteal
# Run once in `make test`, on SQLite: tests whose answer does not depend on the database, and
# the route matrix over HTTP, whose access rules test_access_functions.py checks on both.
ONCE := browser or schemathesis or training or matrix or federation

# SQLite and PostgreSQL side by side, each suite's output printed whole when it ends; fails
# if either fails.
test: $(BIN)/.installed chromium
	@if [ -n "$$DATABASE_URL" ]; then \
		$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres \
			PG_SELECT='-m "not ($(ONCE))"'; \
	else \
		echo "DATABASE_URL not set: PostgreSQL run skipped"; \
		$(MAKE) --no-print-directory test-sqlite; \
	fi

test-sqlite: $(BIN)/.installed
	@echo "== SQLite"
	env -u DATABASE_URL $(BIN)/pytest $(XDIST)

# On its own, the whole suite; `make test` leaves out what the SQLite run already covers.
test-postgres: $(BIN)/.installed
	@echo "== PostgreSQL"
	$(BIN)/pytest $(XDIST) $(PG_SELECT)

lint: $(BIN)/.installed
	$(BIN)/ruff check src bench
	cd src && ../$(BIN)/lint-imports --config ../pyproject.toml --no-cache
	$(BIN)/mypy
	$(BIN)/bandit -q -r src/kinhaven --severity-level medium

clean:
	rm -rf $(VENV) var
