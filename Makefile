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
HOST ?= 127.0.0.1
LOG_DIR := var/log
BUILD_LOG := $(LOG_DIR)/build.log
PG_URL ?= postgres://postgres@127.0.0.1:5432/marketplace
MANAGE := cd $(BACKEND) && $(PY) manage.py
HAS_FRONTEND := $(wildcard $(FRONTEND)/package.json)
# Markers: npm ci runs again only when package-lock.json changes, the SPA is built again only when
# a source of it changes, static files are collected again only when the packages change.
NODE_MODULES := $(FRONTEND)/node_modules/.installed
SPA := $(FRONTEND)/dist/index.html
SPA_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f 2>/dev/null) \
               $(wildcard $(FRONTEND)/index.html $(FRONTEND)/vite.config.ts $(FRONTEND)/tsconfig*.json \
                          $(FRONTEND)/package.json $(FRONTEND)/scripts/bundle-size.mjs)
STATIC := $(BACKEND)/staticfiles/.collected
# The database is prepared again when a migration or a package changes, or the database is another
# one (the stamp is named after DATABASE_URL and VAR_DIR) or the default SQLite file is gone.
DB_STAMP := var/.database-$(shell printf '%s|%s' "$$DATABASE_URL" "$$VAR_DIR" | cksum | cut -d' ' -f1)
MIGRATIONS := $(shell find $(BACKEND)/apps -path '*/migrations/*.py' 2>/dev/null)
DEFAULT_DB := $(if $(DATABASE_URL)$(VAR_DIR),,var/db.sqlite3)
$(if $(DEFAULT_DB),$(if $(wildcard $(DEFAULT_DB)),,$(shell rm -f $(DB_STAMP))))
# Quiet steps: the output goes to $(BUILD_LOG); on failure its end is shown.
define logged
	@mkdir -p $(LOG_DIR); echo "== $$(date '+%F %T') $(1)" >> $(BUILD_LOG)
	@echo "$(1) (log: $(BUILD_LOG))"
	@{ $(2); } >> $(BUILD_LOG) 2>&1 || { tail -n 40 $(BUILD_LOG); echo "Failed: $(1). The whole log: $(BUILD_LOG)"; exit 1; }
endef
define silently
	@mkdir -p $(LOG_DIR); echo "== $$(date '+%F %T') $(1)" >> $(BUILD_LOG)
	@{ $(2); } >> $(BUILD_LOG) 2>&1 || { tail -n 40 $(BUILD_LOG); echo "Failed: $(1). The whole log: $(BUILD_LOG)"; exit 1; }
endef

.PHONY: help install install-dev build migrate run dev demo demo-clear test test-backend test-frontend test-postgres \
        lint check e2e bench bench-quick bench-sqlite clean compose-check prod-smoke backup restore load faults schemathesis

help:
	@echo "make run            install, build the web app, migrate, serve on http://$(HOST):$(PORT) (HOST=0.0.0.0: the network)"
	@echo "make test           the whole test suite on the embedded SQLite database"
	@echo "make test-postgres  the backend suite on PostgreSQL (PG_URL=$(PG_URL))"
	@echo "make demo           load realistic demo data (no Node needed); make demo-clear removes it"
	@echo "make dev            API on :8000 with autoreload + Vite on :5173"
	@echo "make lint | check | e2e"
	@echo "make bench          the benchmark suite on PostgreSQL, 1M appointments (bench-quick: CI scale; bench-sqlite)"
	@echo "make compose-check  validate the compose files and the nginx config (no Docker needed)"
	@echo "make prod-smoke     run the production topology natively and drive the main journey through nginx"
	@echo "make load           locust against the production topology: the knee, 80% of it held (LOAD_HOLD_SECONDS), invariants"
	@echo "make faults         drills under load: proofs disk full, Redis stopped, worker killed mid-send, PostgreSQL restarted"
	@echo "make schemathesis   the whole OpenAPI schema fuzzed as an admin and a client (no 5xx, responses match)"
	@echo "make backup         database + private proofs into var/backups/*.tar.gz (BACKUP=path to choose)"
	@echo "make restore BACKUP=path  put such an archive back (stop the site first; refuses a mismatch)"

$(VENV)/.runtime: $(BACKEND)/requirements.txt
	$(call logged,Installing the Python packages,test -x $(PY) || $(PYTHON) -m venv $(VENV); \
		$(PY) -m pip install --disable-pip-version-check -r $(BACKEND)/requirements.txt)
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime $(BACKEND)/requirements-dev.txt
	$(call logged,Installing the development packages,\
		$(PY) -m pip install --disable-pip-version-check -r $(BACKEND)/requirements-dev.txt)
	@touch $@

$(NODE_MODULES): $(FRONTEND)/package-lock.json
	$(call logged,Installing the web app's packages (npm ci),cd $(FRONTEND) && npm ci --no-audit --no-fund)
	@touch $@

$(SPA): $(NODE_MODULES) $(SPA_SOURCES)
	$(call logged,Building the web app,cd $(FRONTEND) && npm run build)
	@touch $@

$(STATIC): $(VENV)/.runtime
	$(call logged,Collecting static files,$(MANAGE) collectstatic --noinput --verbosity 1)
	@touch $@

install: $(VENV)/.runtime $(if $(HAS_FRONTEND),$(NODE_MODULES))

install-dev: install $(VENV)/.dev

build: install $(if $(HAS_FRONTEND),$(SPA)) $(STATIC)

# No Node here: `make demo` needs only Python. `make migrate` always runs; `make run` only when needed.
migrate: $(VENV)/.runtime
	$(call silently,Updating the database,$(MANAGE) prepare_database)
	@mkdir -p var && touch $(DB_STAMP)

$(DB_STAMP): $(VENV)/.runtime $(MIGRATIONS)
	$(call silently,Updating the database,$(MANAGE) prepare_database)
	@mkdir -p var && touch $@

# One line when the site answers; the server's output goes to var/log/server.log (errors are shown).
# Ctrl-C stops it with exit status 0. HOST=0.0.0.0 serves the local network too (see README).
run: build $(DB_STAMP)
	@cd $(BACKEND) && PATH=$(BIN):$$PATH DEBUG=$${DEBUG:-false} LOG_LEVEL=$${LOG_LEVEL:-WARNING} \
		HOST=$(HOST) PORT=$(PORT) $(PY) serve.py

dev: install-dev migrate
	cd $(BACKEND) && PATH=$(BIN):$$PATH DEBUG=true $(BIN)/honcho -f Procfile.dev start

demo: migrate
	@$(MANAGE) seed_demo

demo-clear: migrate
	@$(MANAGE) seed_demo --clear

test: install-dev test-backend test-frontend

test-backend: $(VENV)/.dev
	cd $(BACKEND) && $(BIN)/pytest -n 2 -q

test-frontend: $(if $(HAS_FRONTEND),$(NODE_MODULES))
	@if [ -n "$(HAS_FRONTEND)" ]; then cd $(FRONTEND) && npm run test -- --run; fi

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
	@if [ -n "$(HAS_FRONTEND)" ]; then $(MAKE) -s --no-print-directory $(NODE_MODULES) \
		&& cd $(FRONTEND) && PYTHON=$(PY) npm run check:api; fi

# Browser tests: the built SPA served by the real backend (fresh SQLite under a temp VAR_DIR),
# driven by Debian's Chromium (CHROMIUM=/usr/bin/chromium; chromium-l10n for Russian date inputs). Screenshots go to e2e-artifacts/.
e2e: install-dev $(SPA)
	cd $(FRONTEND) && PYTHON=$(PY) npm run e2e

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

# Load (docs/performance.md, "Under load"): prod-smoke's topology natively, locust headless on
# loopback; steps users up to the knee, holds 80% of it for LOAD_HOLD_SECONDS (default 600), checks
# p99 <= 3 x p50, 0 errors and the database invariants; report + plot in var/load/. By hand, not CI.
load: install-dev
	cd deploy && $(PY) -m mpdeploy.load $(LOAD_ARGS)

# Fault drills during a steady load (deploy/mpdeploy/faults.py): proofs disk full, Redis stopped,
# the worker killed mid-send, PostgreSQL restarted (FAULTS=disk,redis,worker,postgres picks). Root
# (a tmpfs mount, a PostgreSQL cluster of the drills' own); by hand, not CI (about 6 minutes).
faults: install-dev
	cd deploy && $(PY) -m mpdeploy.faults $(FAULTS_ARGS)

# Schemathesis over the whole OpenAPI schema, as an admin and as a client (backend/contract/).
schemathesis: install-dev
	cd $(BACKEND) && $(BIN)/pytest -q -n 2 contract

# Backups (docs/operations.md, "Backups"): the database (SQLite online backup API or pg_dump -Fc)
# and the private payment proofs in one tar.gz with a manifest; restore refuses a mismatched one.
backup: $(VENV)/.runtime
	@$(MANAGE) backup $(if $(BACKUP),--output $(abspath $(BACKUP)))

restore: $(VENV)/.runtime
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=var/backups/backup-....tar.gz"; exit 2; }
	@$(MANAGE) restore $(abspath $(BACKUP)) $(if $(YES),--yes)

clean:
	rm -rf $(VENV) var $(BACKEND)/staticfiles $(FRONTEND)/node_modules $(FRONTEND)/dist
