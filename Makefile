# Open Wijkteam — two commands: `make run` (set up and serve the demo) and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_RESIDENTS ?= 2000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/openwijkteam
TEST_ENV := SECRET_KEY=test-only-not-secret DEBUG=false
# One universal resolution (every platform, Python 3.11 and up) with the sha256 hash of every file.
UV_COMPILE := .venv/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--annotation-style line --custom-compile-command "make lock"

.PHONY: run serve setup static translations messages venv lock lock-check audit npm migrate demo test lint typecheck pytest pytest-postgres browser-deps bench bench-server loadtest clean

# The demo as production serves it: DEBUG off (Dutch error pages, no debug page listing the URLs), static files
# fingerprinted and served by WhiteNoise, settings from the git-ignored .env written once (demo/envfile.py), so
# `python manage.py ...` works afterwards without variables. SQLite and jobs in-process: no Redis or PostgreSQL.
run: setup demo ## set everything up and serve on http://127.0.0.1:8000 (PORT=8020 for another port)
	@$(PY) manage.py demo_logins
	@echo "Open Wijkteam: http://$(HOST):$(PORT)/ (stoppen met Ctrl+C)"
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

setup: venv npm .env translations migrate static

# Written once, kept afterwards (its SECRET_KEY keeps sessions across restarts); `make clean` removes it.
.env: | venv
	$(PY) -m demo.envfile $@

# DEBUG off serves the fingerprinted files from STATIC_ROOT (ADR 0010). collectstatic hashes and compresses every
# file each time (~30 s), so it runs only when a static source, the npm packages or the venv changed.
STATIC_SOURCES := $(shell find */static -type f 2>/dev/null)
static: venv npm .env staticfiles/staticfiles.json
staticfiles/staticfiles.json: $(STATIC_SOURCES) node_modules/.installed .venv/.installed
	$(PY) manage.py collectstatic --no-input -v0

# Production-like on this machine: the Procfile (gunicorn, Celery worker, Celery beat) under honcho, DEBUG off,
# against PostgreSQL and Redis. Settings come only from the environment; the two keys below are generated
# when absent and are for THIS MACHINE ONLY, never for production (README, "In productie").
SERVE_DATABASE_URL ?= $(PG_URL)
SERVE_BROKER_URL ?= redis://127.0.0.1:6379/0
serve: venv npm translations ## production-like run: web (gunicorn), worker and scheduler against PostgreSQL and Redis
	@export ENV_FILE= DEBUG=false DATABASE_URL="$${DATABASE_URL:-$(SERVE_DATABASE_URL)}" \
		CELERY_BROKER_URL="$${CELERY_BROKER_URL:-$(SERVE_BROKER_URL)}" PATH="$(CURDIR)/.venv/bin:$$PATH"; \
	if [ -z "$$SECRET_KEY" ]; then \
		echo "make serve: SECRET_KEY not set - using a random key for this run only (NOT for production)"; \
		export SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"; fi; \
	if [ -z "$$AUDIT_CHAIN_KEY" ]; then \
		echo "make serve: AUDIT_CHAIN_KEY not set - using a fixed public key for this machine (NOT for production)"; \
		export AUDIT_CHAIN_KEY=serve-only-audit-chain-key-not-secret-not-for-production; fi; \
	$(PY) -c "import os, sys, dj_database_url, psycopg; u = dj_database_url.parse(os.environ['DATABASE_URL']); \
		c = psycopg.connect(host=u['HOST'], port=u['PORT'] or 5432, user=u['USER'], password=u['PASSWORD'], dbname='postgres', autocommit=True, connect_timeout=5); \
		c.execute('SELECT 1 FROM pg_database WHERE datname = %s', (u['NAME'],)).fetchone() or c.execute('CREATE DATABASE "%s"' % u['NAME'])" \
		|| { echo "make serve: PostgreSQL at DATABASE_URL does not answer"; exit 1; }; \
	mkdir -p var && $(PY) manage.py migrate --no-input -v0 && $(PY) manage.py collectstatic --no-input -v0 && \
	exec honcho start -f Procfile -e /dev/null

venv: .venv/.installed
# Installs exactly the lock file: every package pinned and checked against its sha256 hash (docs/dependencies.md).
.venv/.installed: requirements.lock requirements-dev.lock
	test -d .venv || python3 -m venv .venv
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	touch $@

lock: venv ## recompute the lock files (pins and hashes) after changing requirements.txt or requirements-dev.txt
	$(UV_COMPILE) requirements.txt -o requirements.lock
	$(UV_COMPILE) requirements-dev.txt -o requirements-dev.lock

lock-check: venv ## fails when a lock file does not match requirements*.txt (needs PyPI)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	for name in requirements requirements-dev; do \
		cp $$name.lock "$$tmp/$$name.lock" && \
		$(UV_COMPILE) $$name.txt -o "$$tmp/$$name.lock" && \
		diff -u $$name.lock "$$tmp/$$name.lock" || { echo "$$name.lock is out of date: run make lock"; exit 1; }; \
	done; echo "lock files match requirements*.txt"

audit: venv ## known vulnerabilities in the locked packages (pip-audit; needs network access to the advisory database)
	.venv/bin/pip-audit --strict --require-hashes --disable-pip -r requirements.lock
	.venv/bin/pip-audit --strict --require-hashes --disable-pip -r requirements-dev.lock

npm: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The English catalogues, compiled from the committed .po files (polib; no GNU gettext needed); .mo never committed.
translations: venv
	$(PY) -m core.translations

# Extract the texts of every app into its own catalogue, <app>/locale/en/LC_MESSAGES/django.po (needs GNU
# gettext: apt-get install gettext); MESSAGES_APPS="plans core" limits it to those apps (core also takes config/
# and istandaarden/). Then translate the new entries: core/tests/test_translations.py fails on any text without
# an English translation.
LOCALE_APPS := $(patsubst %/apps.py,%,$(wildcard */apps.py))
MESSAGES_APPS ?= $(LOCALE_APPS)
MESSAGES_SKIP := $(filter-out $(MESSAGES_APPS),$(LOCALE_APPS)) $(if $(filter core,$(MESSAGES_APPS)),,config istandaarden)
messages: venv
	for app in $(MESSAGES_APPS); do mkdir -p $$app/locale; done
	$(PY) manage.py makemessages --locale en --no-obsolete --add-location file --no-wrap \
		--ignore node_modules --ignore staticfiles --ignore var --ignore '*/tests/*' --ignore e2e --ignore loadtest \
		--ignore testsupport $(foreach app,$(MESSAGES_SKIP),--ignore $(app))
	$(PY) -m core.translations

migrate: venv .env
	$(PY) manage.py migrate --no-input -v0

demo: migrate static ## loads the demo municipality only when the database is empty
	$(PY) manage.py seed_demo --if-empty --residents $(DEMO_RESIDENTS) --seed 2026

test: venv npm lint typecheck pytest pytest-postgres ## ruff, mypy and the whole suite (SQLite, then PostgreSQL)

lint: venv
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

typecheck: venv
	$(TEST_ENV) .venv/bin/mypy .

pytest: venv npm translations browser-deps
	$(TEST_ENV) .venv/bin/pytest -q -n 2

pytest-postgres: venv translations ## the suite again on PostgreSQL when a server answers (PG_URL; the test database is test_<name>)
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

# DEBUG off means the fingerprinting static storage (ADR 0010): collectstatic first, or no page renders.
# The chain key defaults to the public one `make demo` seeds with, so the demo's access log still verifies after
# bench-server has written to it (the in-process bench rolls everything back).
BENCH_ENV := export SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		AUDIT_CHAIN_KEY="$${AUDIT_CHAIN_KEY:-development-only-audit-chain-key-not-secret}" DEMO_ENABLED=true DEBUG=false
bench: demo ## time every budgeted page as its role, in-process; fails over the p95 budgets; JSON report in var/bench/ (BENCH_ARGS="--compare OLD.json --budget-factor 2")
	@$(BENCH_ENV); $(PY) manage.py collectstatic --no-input -v0 && $(PY) manage.py bench $(BENCH_ARGS)

# Over HTTP against gunicorn (2 workers) with throughput for 8 clients. Writes the access log for real: demo data only.
bench-server: demo ## the same pages through gunicorn over HTTP, plus requests/s with 8 clients (BENCH_ARGS as for bench)
	@$(BENCH_ENV); $(PY) manage.py collectstatic --no-input -v0 && $(PY) manage.py bench --server $(BENCH_ARGS)

# Locust against a server that is already running (make serve with DEMO_ENABLED=true, on demo data only: every
# page view goes into the access log). Stats as CSV (and an HTML report) in var/loadtest/; fails on any error.
LOADTEST_HOST ?= http://127.0.0.1:8000
LOADTEST_USERS ?= 50
LOADTEST_SPAWN_RATE ?= 2
LOADTEST_TIME ?= 10m
loadtest: venv ## Locust, headless: LOADTEST_USERS (50) users for LOADTEST_TIME (10m) against LOADTEST_HOST; CSV in var/loadtest/
	@mkdir -p var/loadtest && stamp=$$(date -u +%Y%m%dT%H%M%SZ) && \
	echo "make loadtest: $(LOADTEST_USERS) users for $(LOADTEST_TIME) against $(LOADTEST_HOST); results in var/loadtest/$$stamp*" && \
	.venv/bin/locust -f loadtest/locustfile.py --headless --only-summary --host "$(LOADTEST_HOST)" \
		--users $(LOADTEST_USERS) --spawn-rate $(LOADTEST_SPAWN_RATE) --run-time $(LOADTEST_TIME) \
		--csv "var/loadtest/$$stamp" --html "var/loadtest/$$stamp.html" $(LOADTEST_ARGS)

# Also the demo's settings (.env) and the generated iWmo/iJw message files (var/berichten: they hold BSNs).
clean:
	rm -rf .venv node_modules staticfiles db.sqlite3 db.sqlite3-* .env var/berichten
