# Kinhaven: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export KINHAVEN_VAR_DIR ?= $(CURDIR)/var
# Links in e-mail point at the server make run starts.
export KINHAVEN_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run federation-demo test test-sqlite test-postgres lint chromium gettext messages clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The translations the server reads, compiled from the catalogs (docs/translation.md).
messages: $(BIN)/.installed
	@env -u DATABASE_URL $(BIN)/kinhaven messages compile

run: $(BIN)/.installed messages
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
	$(BIN)/kinhaven retention schedule
	$(BIN)/kinhaven stats schedule
	@echo "Kinhaven: http://127.0.0.1:$(PORT)/ (background worker running alongside)"
	@$(BIN)/kinhaven db_worker --interval 5 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/kinhaven runserver 127.0.0.1:$(PORT)

# Two instances on loopback, two countries, each with its database, keys and demo data under
# var/federation/, already peered (docs/exchange.md): send an alert from A and see it in B.
FED_PORT_A ?= 8001
FED_PORT_B ?= 8002
federation-demo: $(BIN)/.installed messages
	@set -e; pids=""; trap 'kill $$pids 2>/dev/null' EXIT INT TERM; \
	inst() { env -u DATABASE_URL KINHAVEN_VAR_DIR=$(CURDIR)/var/federation/$$1 \
		KINHAVEN_COUNTRY=$$2 KINHAVEN_INSTANCE_ID=kinhaven-$$1 \
		KINHAVEN_BASE_URL=http://127.0.0.1:$$3 \
		KINHAVEN_PPRL_SECRET=$${KINHAVEN_PPRL_SECRET:-federation-demo-shared-secret} "$${@:4}"; }; \
	for spec in "aut AUT $(FED_PORT_A)" "deu DEU $(FED_PORT_B)"; do \
		set -- $$spec; mkdir -p var/federation/$$1; \
		inst $$1 $$2 $$3 $(BIN)/kinhaven migrate --noinput >/dev/null; \
		inst $$1 $$2 $$3 $(BIN)/kinhaven demo >/dev/null; \
		inst $$1 $$2 $$3 $(BIN)/kinhaven db_worker --interval 2 >/dev/null 2>&1 & pids="$$pids $$!"; \
		inst $$1 $$2 $$3 $(BIN)/kinhaven runserver --noreload 127.0.0.1:$$3 >/dev/null 2>&1 & \
		pids="$$pids $$!"; \
	done; \
	for port in $(FED_PORT_A) $(FED_PORT_B); do \
		for i in $$(seq 60); do \
			curl -fs http://127.0.0.1:$$port/.well-known/jwks.json >/dev/null && break; sleep 0.5; \
		done; \
	done; \
	thumb() { inst $$1 $$2 $$3 $(BIN)/kinhaven exchange keys | awk '/thumbprint/ {print $$NF}'; }; \
	ta=$$(thumb aut AUT $(FED_PORT_A)); tb=$$(thumb deu DEU $(FED_PORT_B)); \
	inst aut AUT $(FED_PORT_A) $(BIN)/kinhaven exchange peer-add --country DEU -- \
		http://127.0.0.1:$(FED_PORT_B) $$tb; \
	inst deu DEU $(FED_PORT_B) $(BIN)/kinhaven exchange peer-add --country AUT -- \
		http://127.0.0.1:$(FED_PORT_A) $$ta; \
	echo; \
	echo "A (AUT): http://127.0.0.1:$(FED_PORT_A)/   B (DEU): http://127.0.0.1:$(FED_PORT_B)/"; \
	echo "Log in to either as caseworker or supervisor, password $${KINHAVEN_DEMO_PASSWORD:-kinhaven-demo-2026};"; \
	echo "second factor: KINHAVEN_VAR_DIR=var/federation/aut $(BIN)/kinhaven demo_code caseworker"; \
	echo "(deu for B). On A: Exchange > a child flagged missing > Send an alert, to kinhaven-deu."; \
	echo "On B: log in as supervisor > Exchange > Received: the alert, with its answer deadline."; \
	echo "Encoded check: on A, Exchange > Is a child registered with a partner? (a demo child's"; \
	echo "name); on A confirm the candidate, on B answer the confirmation: the identity reaches A."; \
	echo "Ctrl-C stops both."; \
	wait

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; \
	fi

# Extracting the strings to translate (`kinhaven messages update|check`) uses GNU gettext.
gettext:
	@if ! command -v xgettext >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq gettext; \
	fi

# Test processes per suite (pytest-xdist): one per core.
XDIST ?= -n auto --dist worksteal
# Run once in `make test`, each beside the other suite so that the two halves take about as long.
# On SQLite: the browser tests, and the route matrix over HTTP, whose access rules
# test_access_functions.py checks on both. On PostgreSQL: the requests generated from the OpenAPI
# document, answered by the database a deployment runs on; the matching engine's training, whose
# answers do not depend on the database; and the tests that run instances of their own (two
# servers on loopback, backup and restore), which do not use the suite's database.
ON_SQLITE := browser or matrix
ON_POSTGRES := schemathesis or training or federation or instances

# SQLite and PostgreSQL side by side, each suite's output printed whole when it ends; fails
# if either fails.
test: $(BIN)/.installed chromium messages
	@if [ -n "$$DATABASE_URL" ]; then \
		$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres \
			SQLITE_SELECT='-m "not ($(ON_POSTGRES))"' PG_SELECT='-m "not ($(ON_SQLITE))"' \
			SQLITE_ENV='KINHAVEN_TESTS_DATABASE_ONLY="$(ON_SQLITE)"'; \
	else \
		echo "DATABASE_URL not set: PostgreSQL run skipped"; \
		$(MAKE) --no-print-directory test-sqlite; \
	fi

test-sqlite: $(BIN)/.installed
	@echo "== SQLite"
	env -u DATABASE_URL $(SQLITE_ENV) $(BIN)/pytest $(XDIST) $(SQLITE_SELECT)

# On its own, the whole suite; `make test` leaves out what the SQLite run already covers.
test-postgres: $(BIN)/.installed
	@echo "== PostgreSQL"
	$(BIN)/pytest $(XDIST) $(PG_SELECT)

lint: $(BIN)/.installed gettext
	$(BIN)/ruff check src bench
	@# Every user-facing string marked, every marked one translated (docs/translation.md).
	env -u DATABASE_URL $(BIN)/kinhaven messages check
	cd src && ../$(BIN)/lint-imports --config ../pyproject.toml --no-cache
	$(BIN)/mypy
	$(BIN)/bandit -q -r src/kinhaven --severity-level medium

clean:
	rm -rf $(VENV) var
