# The two commands: `make run` (site with demo data on SQLite) and `make test` (whole suite).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev migrate demo lint check messages bench-search bench-load clean

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	@mkdir -p var
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput

var/.demo-loaded: | migrate
	$(PY) manage.py load_demo_data
	touch $@

demo: migrate var/.demo-loaded

run: demo
	$(PY) manage.py create_dev_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(PY) manage.py compile_translations
	$(PY) -m pytest $(PYTEST_ARGS)

# Refresh locale/en/LC_MESSAGES/django.po from the source (needs GNU gettext: dev machines only),
# then list what still needs an English translation.
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=static_collected --ignore=tests --ignore=site
	$(PY) -m core.i18n_check

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint templates --check
	$(VENV)/bin/djlint templates --lint

check: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

# Search recall and timings (SQLite; PostgreSQL too when DATABASE_URL points at it).
bench-search: install-dev
	$(PY) bench/search_bench.py

# Load benchmark on PostgreSQL + Redis behind nginx, driven by wrk (bench/load.py, bench/RESULTS.md):
# needs `apt-get install postgresql redis-server nginx-light wrk`; builds the demo and Tianjin-scale
# databases on the first run.
bench-load: install-dev
	$(PY) bench/load.py

clean:
	rm -rf var/db.sqlite3* var/.demo-loaded
