# Two commands for a fresh machine: `make run` and `make test`. Both are safe to repeat.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# `make serve` runs the production settings on loopback. Those settings refuse to start
# without SECRET_KEY, AUDIT_CHAIN_KEY, ALLOWED_HOSTS and SITE_URL; these are THROW-AWAY LOCAL VALUES for loopback
# only, never for a real deployment (docs/deployment.md says what to set there).
SERVE_ENV := DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=loopback-only-throw-away-not-a-secret \
	AUDIT_CHAIN_KEY=loopback-only-throw-away-audit-key \
	ALLOWED_HOSTS=127.0.0.1,localhost \
	SITE_URL=http://$(HOST):$(PORT) \
	SECURE_SSL_REDIRECT=false

.PHONY: setup run serve test test-plain test-postgres lint assets bench bench-render bench-profile bench-pdf \
	bench-hostile bench-sqlite bench-postgres bench-cache-memory bench-ledger bench-api clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.txt
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/application.css: node_modules/.installed frontend/application.scss
	npm run --silent build

assets: build/static/application.css

setup: $(VENV)/.installed assets
	mkdir -p var
	$(MANAGE) migrate --noinput

# The example (its statuses as the document gives them) and a generated demo plan with a
# year of monthly update rounds, updates and board packs (ADR 0060); both load once.
run: setup
	$(MANAGE) load_example
	$(MANAGE) load_demo_history
	@echo "Improvement Tracker is at http://$(HOST):$(PORT)/ (sign in with a line above)."
	$(MANAGE) runserver $(HOST):$(PORT)

# The production-like stack: gunicorn (one worker per core) and WhiteNoise serving the
# collected, compressed, hashed static files; loopback only.
serve: setup
	@case "$(HOST)" in 127.*|localhost|::1) ;; \
	  *) echo "make serve uses throw-away secrets and listens on loopback only, not $(HOST)."; exit 1;; esac
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(MANAGE) load_example
	$(SERVE_ENV) $(MANAGE) load_demo_history
	@echo "Improvement Tracker (gunicorn) is at http://$(HOST):$(PORT)/ (sign in with a line above)."
	$(SERVE_ENV) BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn --config config/gunicorn.conf.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

test: $(VENV)/.installed assets lint
	mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest

# The whole suite again with the hot path off (improvement_tracker/hotpath/): every page,
# export and session through the plain Django code each fast piece stands for.
test-plain: $(VENV)/.installed assets
	mkdir -p var
	HOT_PATH=off $(VENV)/bin/pytest

# The whole suite again on PostgreSQL: a throw-away cluster (or DATABASE_URL, if it names one).
test-postgres: $(VENV)/.installed assets
	.ci/with-postgres --fast $(VENV)/bin/pytest

# Benchmarks print figures and assert none; they run outside `make test`.
bench: bench-render bench-profile bench-pdf bench-sqlite bench-postgres bench-cache-memory bench-ledger \
	bench-api

bench-render: $(VENV)/.installed
	$(PY) bench/tracker_render.py

bench-profile: $(VENV)/.bench-installed
	$(PY) bench/cold_exports.py --profile "tracker page (test client)"

# The PDF board pack of 1,000 actions alone: CPU and wall seconds per export.
bench-pdf: $(VENV)/.installed
	$(PY) bench/pdf_export.py

bench-hostile: $(VENV)/.installed
	$(PY) bench/hostile_files.py

bench-sqlite: $(VENV)/.bench-installed assets
	$(PY) bench/load.py

bench-postgres: $(VENV)/.bench-installed assets
	.ci/with-postgres $(PY) bench/load.py

# Can a stream of requests grow the workers through their caches? RSS before and after.
bench-cache-memory: $(VENV)/.installed assets
	$(PY) bench/cache_memory.py

# The hot path's ledger: each fast piece against its plain twin, and whole pages with the
# hot path on and off (docs/performance.md, "The ledger"). PostgreSQL:
# `.ci/with-postgres .venv/bin/python bench/hotpath_ledger.py`.
bench-ledger: $(VENV)/.installed assets
	$(PY) bench/hotpath_ledger.py

# The JSON API through gunicorn: the 1,000-action plan read, the first read after a change,
# 16 writers posting updates (docs/performance.md). PostgreSQL:
# `.ci/with-postgres .venv/bin/python bench/api.py`.
bench-api: $(VENV)/.installed assets
	$(PY) bench/api.py

clean:
	rm -rf $(VENV) node_modules build staticfiles var
