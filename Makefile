# PIP Portal — one-word targets. `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_SYSTEM_PACKAGES := $(SYSTEM_PACKAGES) poppler-utils chromium docker-compose
# What make test-fast leaves out: real browsers, real Celery workers, fault scripts, PDF renders.
FAST_MARKERS := not browser and not worker and not faults and not pdf

.PHONY: run test test-fast lint format bench faults load worker system-deps test-system-deps clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "PIP Portal needs Python 3.11 or newer"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

system-deps:
	@scripts/ensure-system-packages $(SYSTEM_PACKAGES)

test-system-deps:
	@scripts/ensure-system-packages $(TEST_SYSTEM_PACKAGES)

## run: the portal on http://127.0.0.1:8000 with SQLite and the demo programme loaded
run: $(STAMP) system-deps
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

## test: the whole suite (SQLite unless DATABASE_URL is set); "no tests ran" is a failure
test: $(STAMP) test-system-deps
	$(BIN)/pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; \
	exit $$status

## test-fast: everything but browsers, workers, faults and PDF renders, on 2 processes
test-fast: $(STAMP)
	$(BIN)/pytest -m "$(FAST_MARKERS)" -n 2 -p no:cacheprovider $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; \
	exit $$status

## lint: ruff, the format check and the layering contract (apps import only downward)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: performance figures (see docs/benchmarks.md)
bench: $(STAMP) system-deps
	DEBUG=$${DEBUG:-1} DEV_APPS=1 $(BIN)/python manage.py bench $(BENCH_ARGS)

## load: 50 users for 3 minutes against gunicorn + PostgreSQL + Redis (see docs/benchmarks.md)
load: $(STAMP) system-deps
	$(BIN)/pip install --quiet -e '.[load]'
	loadtest/run.sh

## faults: the fault scripts against the real PostgreSQL and Redis (see docs/reliability.md)
faults: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pip_portal_faults} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/6} \
	$(BIN)/pytest -m faults tests/faults $(PYTEST_ARGS)

## worker: a Celery worker (needs CELERY_BROKER_URL)
worker: $(STAMP)
	$(BIN)/celery -A pip_portal worker --beat --loglevel=INFO

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
