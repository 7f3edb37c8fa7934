# Two commands for a fresh machine: `make run` and `make test`. Both are safe to repeat.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint assets clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet -r requirements-dev.txt
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

run: setup
	$(MANAGE) load_example
	@echo "Improvement Tracker is at http://$(HOST):$(PORT)/ (sign in with the line above)."
	$(MANAGE) runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: $(VENV)/.installed assets lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) node_modules build staticfiles var
