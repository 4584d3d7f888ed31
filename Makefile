# The two commands a newcomer needs: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= bscb.settings.local

.PHONY: install assets run release test test-postgres lint bench loadtest backup restore clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/css/app.css: node_modules/.installed static/src/app.scss scripts/build-assets.mjs $(wildcard static/src/js/*)
	npm run --silent build

install: $(VENV)/.installed assets

assets: static/dist/css/app.css

## Serve the application with the plan, demo history and demo accounts loaded (SQLite unless DATABASE_URL is set).
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py setup_demo
	@echo ""
	@echo "Open http://127.0.0.1:$(PORT)/ and sign in with one of the accounts above."
	@echo "A task worker runs beside the server: emails appear in this console when it sends them."
	$(PY) manage.py db_worker --no-reload & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

## The release step of a deployment (docs/deploy.md): migrate, cache table, collectstatic, deploy checks.
release: install
	$(PY) manage.py release

## The whole suite (unit, integration, browser). SQLite by default; DATABASE_URL=postgres://... for PostgreSQL.
## First the system packages it needs (Chromium, fonts, WeasyPrint's libraries): installed with apt when root, else
## one line naming what to install, and nothing runs.
test: install
	@scripts/provision-test-deps
	DJANGO_SETTINGS_MODULE=bscb.settings.test $(PY) -m pytest -n auto $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) node_modules static/dist var

## PostgreSQL backup and restore with a checksum manifest (DATABASE_URL must point at PostgreSQL).
backup: install
	$(PY) ops/backup.py backup

restore: install
	test -n "$(BACKUP)" || (echo "Usage: make restore BACKUP=var/backups/NAME.dump DATABASE_URL=postgres://.../empty_db" && exit 2)
	$(PY) ops/backup.py restore $(BACKUP)
	$(PY) ops/backup.py verify $(basename $(BACKUP)).json

backup-check: install
	$(PY) ops/backup.py roundtrip

## Load test on loopback against gunicorn (PostgreSQL): zero 5xx and no lost acknowledged write.
loadtest: install
	$(PY) ops/loadtest.py $(LOADTEST_ARGS)

## The same with PostgreSQL restarted in the middle of the load.
loadtest-restart: install
	$(PY) ops/loadtest.py --restart-postgres $(LOADTEST_ARGS)

## Benchmark against the framework floor and the Django admin (PostgreSQL, outside the test suite).
bench: install
	$(PY) bench/run.py
