# The README's vocabulary: run, test, bench, lint, help.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
DEV := DJANGO_DEBUG=1

.PHONY: help run test test-sqlite test-postgres test-deps browser-deps bench audit lighthouse lint format superuser clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is required (found " + sys.version.split()[0] + "); set PYTHON=python3.12")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r pyproject.toml --extra dev
	touch $@

run: $(INSTALLED) ## serve the site with its content on http://127.0.0.1:8000 (SQLite)
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py import_content content/ruhr.json
	$(DEV) $(PY) manage.py ensure_dev_superuser
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

test: $(INSTALLED) lint test-sqlite test-postgres ## the whole suite: lint, migrations, SQLite, PostgreSQL

# The browser tests (headless Chromium, axe-core, Nu Html Checker) run in the SQLite pass
# only; the PostgreSQL pass covers everything that touches the database, and the system
# tests that start real servers (gunicorn, Redis) against it.
test-sqlite: $(INSTALLED) browser-deps
	$(PY) -m pytest -m "not system and not postgres"

test-postgres: $(INSTALLED) test-deps
	scripts/with-postgres $(PY) -m pytest -m "not browser"

test-deps: ## Redis and Caddy for the system tests (Debian packages, installed when missing)
	@missing=""; for package in redis-server caddy; do \
	  command -v $$package >/dev/null || missing="$$missing $$package"; done; \
	[ -z "$$missing" ] || { apt-get update -qq && apt-get install -y -qq $$missing; }

browser-deps: ## Chromium, Java and the npm checkers for the browser tests
	scripts/browser-deps

bench: $(INSTALLED) ## load test under gunicorn + PostgreSQL; table in docs/performance.md
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	scripts/with-postgres $(PY) -m bench.run

# Lighthouse (npm, Debian's Chromium) on four key pages of a production-configured server,
# then axe-core and the Nu Html Checker over every public page (the browser tests of that name).
audit: lighthouse ## Lighthouse ≥ 95/100/100/100 on four pages, axe and vnu on every page
	$(PY) -m pytest -q -m browser -k "axe or nu_html" -p no:cacheprovider

# CI runs this after `make test`, whose SQLite pass has already run axe and vnu.
lighthouse: $(INSTALLED) browser-deps ## Lighthouse alone
	$(PY) scripts/audit.py

lint: $(INSTALLED) ## ruff, the migrations check and hadolint
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_SECRET_KEY=lint $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/hadolint --failure-threshold info Dockerfile

format: $(INSTALLED) ## let ruff fix what it can
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

superuser: $(INSTALLED) ## create an admin account interactively
	$(DEV) $(PY) manage.py createsuperuser

clean: ## remove the virtualenv, the SQLite database, node_modules and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules
