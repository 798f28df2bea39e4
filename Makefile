# One command runs the product (make run), one runs its tests (make test).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(CURDIR)/$(VENV)/bin/python
BIN := $(CURDIR)/$(VENV)/bin
BACKEND := backend
FRONTEND := frontend
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/marketplace
MANAGE := cd $(BACKEND) && $(PY) manage.py
HAS_FRONTEND := $(wildcard $(FRONTEND)/package.json)

.PHONY: help install install-dev build migrate run dev demo test test-backend test-frontend test-postgres \
        lint check e2e bench bench-quick bench-sqlite clean compose-check prod-smoke

help:
	@echo "make run            install, build the web app, migrate, serve on http://127.0.0.1:$(PORT)"
	@echo "make test           the whole test suite on the embedded SQLite database"
	@echo "make test-postgres  the backend suite on PostgreSQL (PG_URL=$(PG_URL))"
	@echo "make demo           load realistic demo data"
	@echo "make dev            API on :8000 with autoreload + Vite on :5173"
	@echo "make lint | check | e2e"
	@echo "make bench          the benchmark suite on PostgreSQL, 1M appointments (bench-quick: CI scale; bench-sqlite)"
	@echo "make compose-check  validate the compose files and the nginx config (no Docker needed)"
	@echo "make prod-smoke     run the production topology natively and drive the main journey through nginx"

$(VENV)/.runtime: $(BACKEND)/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(BACKEND)/requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime $(BACKEND)/requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(BACKEND)/requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
	@if [ -n "$(HAS_FRONTEND)" ]; then cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error; fi

install-dev: install $(VENV)/.dev

build: install
	@if [ -n "$(HAS_FRONTEND)" ]; then cd $(FRONTEND) && npm run build; fi
	$(MANAGE) collectstatic --noinput --verbosity 0

migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

run: build migrate
	@echo "Serving on http://127.0.0.1:$(PORT) (API docs: /api/v1/docs/)"
	cd $(BACKEND) && PATH=$(BIN):$$PATH DEBUG=$${DEBUG:-false} $(BIN)/honcho -f Procfile start -p $(PORT)

dev: install-dev migrate
	cd $(BACKEND) && PATH=$(BIN):$$PATH DEBUG=true $(BIN)/honcho -f Procfile.dev start

demo: migrate
	$(MANAGE) seed_demo

test: install-dev test-backend test-frontend

test-backend: $(VENV)/.dev
	cd $(BACKEND) && $(BIN)/pytest -n 2 -q

test-frontend:
	@if [ -n "$(HAS_FRONTEND)" ]; then cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error \
		&& npm run test -- --run; fi

test-postgres: install-dev
	cd $(BACKEND) && DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -q

lint: install-dev
	cd $(BACKEND) && $(BIN)/ruff check .
	@if [ -n "$(HAS_FRONTEND)" ]; then cd $(FRONTEND) && npm run lint; fi

check: install-dev
	cd $(BACKEND) && $(PY) manage.py makemigrations --check --dry-run
	cd $(BACKEND) && DJANGO_SETTINGS_MODULE=config.settings.production \
		SECRET_KEY=check-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
		ALLOWED_HOSTS=marketplace.example $(PY) manage.py check --deploy --fail-level WARNING
	cd $(BACKEND) && $(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null
	@if [ -n "$(HAS_FRONTEND)" ]; then cd $(FRONTEND) && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } \
		&& PYTHON=$(PY) npm run check:api; fi

# Browser tests: the built SPA served by the real backend (fresh SQLite under a temp VAR_DIR),
# driven by Debian's Chromium (CHROMIUM=/usr/bin/chromium). Screenshots go to e2e-artifacts/.
e2e: install-dev
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error && npm run build && PYTHON=$(PY) npm run e2e

# Deployment (docs/operations.md): the compose files against the Compose Specification schema and
# the topology they must keep, the nginx config through `nginx -t`, and the checks' own tests.
compose-check: install-dev
	cd $(BACKEND) && $(BIN)/ruff check ../deploy
	cd deploy && $(PY) -m pytest -q
	cd deploy && $(PY) -m mpdeploy.compose_check
	cd deploy && $(PY) -m mpdeploy.nginx_check

# PostgreSQL, Redis, gunicorn (production settings), Celery worker and beat, and nginx with the
# production config, started here; then the main journey through nginx. Needs nginx and
# redis-server installed and PostgreSQL on SMOKE_PG_URL (default: local, user postgres).
prod-smoke: install-dev build
	cd deploy && $(PY) -m mpdeploy.prod_smoke

# Benchmarks (backend/bench/README.md, docs/performance.md): one suite, every row a ratio of two
# measurements taken side by side, each against its target; prints the table, writes
# var/bench/results.json, exits non-zero on a miss. BENCH_ARGS="--only chat --profile" etc.
bench: $(VENV)/.dev
	cd $(BACKEND) && $(PY) -m bench $(BENCH_ARGS)

bench-quick: $(VENV)/.dev
	cd $(BACKEND) && $(PY) -m bench --quick $(BENCH_ARGS)

bench-sqlite: $(VENV)/.dev
	cd $(BACKEND) && $(PY) -m bench --database sqlite $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var $(BACKEND)/staticfiles $(FRONTEND)/node_modules $(FRONTEND)/dist
