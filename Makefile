# Open Wijkteam — two commands: `make run` (set up and serve the demo) and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_RESIDENTS ?= 2000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/openwijkteam
TEST_ENV := SECRET_KEY=test-only-not-secret DEBUG=false

.PHONY: run setup venv npm migrate demo test lint typecheck pytest pytest-postgres browser-deps bench clean

run: setup demo ## set everything up and serve on http://127.0.0.1:8000
	@DEBUG=true $(PY) manage.py demo_logins
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

setup: venv npm migrate

venv: .venv/.installed
.venv/.installed: requirements.txt requirements-dev.txt
	test -d .venv || python3 -m venv .venv
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

npm: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

migrate: venv
	DEBUG=true $(PY) manage.py migrate --no-input -v0

demo: migrate ## loads the demo municipality only when the database is empty
	DEBUG=true $(PY) manage.py seed_demo --if-empty --residents $(DEMO_RESIDENTS) --seed 2026

test: venv npm lint typecheck pytest pytest-postgres ## ruff, mypy and the whole suite (SQLite, then PostgreSQL)

lint: venv
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

typecheck: venv
	$(TEST_ENV) .venv/bin/mypy .

pytest: venv npm browser-deps
	$(TEST_ENV) .venv/bin/pytest -q -n 2

pytest-postgres: venv ## the suite again on PostgreSQL when a server answers (PG_URL; the test database is test_<name>)
	@if PG_URL='$(PG_URL)' $(PY) -c "import os, psycopg; psycopg.connect(os.environ['PG_URL'], dbname='postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "PostgreSQL available: running the suite on PostgreSQL"; \
		$(TEST_ENV) DATABASE_URL='$(PG_URL)' .venv/bin/pytest -q -n 2 -m "not browser"; \
	else \
		echo "PostgreSQL not available: skipped (set PG_URL or start a server on 127.0.0.1:5432)"; \
	fi

browser-deps:
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed: browser tests will be skipped"; \
	else echo "chromium not found and not root: browser tests will be skipped"; fi

bench: demo ## time the daily pages on the demo database; fails over budget
	SECRET_KEY=bench-only-not-secret AUDIT_CHAIN_KEY=bench-only-audit-chain-key-not-secret DEBUG=false $(PY) manage.py bench

clean:
	rm -rf .venv node_modules staticfiles db.sqlite3
