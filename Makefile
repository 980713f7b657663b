# The two commands: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test bench load faults lint format clean css audit screenshots

$(BIN)/activate: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(BIN)/activate

run: $(BIN)/activate
	$(FLASK) db upgrade
	$(FLASK) places load --if-empty
	$(FLASK) seed-demo --if-empty --practitioners 2000 --seed 1
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# pytest exits 5 when it collected nothing: that must fail, and it does (any non-zero exit).
test: $(BIN)/activate
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# wrk loads the served pages from a second process; installed from the distribution when missing.
bench: $(BIN)/activate
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench $(BENCH_ARGS)

# The 100,000-practitioner data set (instance/load.sqlite3 and the PostgreSQL database in
# LOAD_DATABASE_URL, default movewell_load on 127.0.0.1) is seeded on the first run.
load: $(BIN)/activate
	$(BIN)/python -m reliability.load $(LOAD_ARGS)

# PostgreSQL client and server binaries (postgresql-15) are needed for the PostgreSQL faults.
faults: $(BIN)/activate
	$(BIN)/python -m reliability.faults $(FAULTS_ARGS)

# Settings for ruff and for the import contracts (lint-imports) live in pyproject.toml.
PY_PATHS := directory tests bench reliability migrations scripts wsgi.py

lint: $(BIN)/activate
	$(BIN)/ruff check $(PY_PATHS)
	$(BIN)/ruff format --check $(PY_PATHS)
	$(BIN)/lint-imports

format: $(BIN)/activate
	$(BIN)/ruff check --fix $(PY_PATHS)
	$(BIN)/ruff format $(PY_PATHS)

# Node tools (Lighthouse, PurgeCSS, Bootstrap Icons, axe-core), pinned in audit/package-lock.json.
AUDIT_NODE := audit/node_modules/.installed
$(AUDIT_NODE): audit/package.json audit/package-lock.json
	cd audit && npm ci --no-audit --no-fund
	touch $@

# static/css/bootstrap.min.css: Bootstrap (from Bootstrap-Flask) reduced to the rules the templates,
# scripts and code name; the icon sprite from Bootstrap Icons. Both are committed: run after
# changing the classes a template uses, or the icons.
css: $(BIN)/activate $(AUDIT_NODE)
	node audit/build-css.mjs "$$($(BIN)/python -c 'import flask_bootstrap, os; print(os.path.dirname(flask_bootstrap.__file__))')/static/bootstrap5/css/bootstrap.min.css"
	$(BIN)/python scripts/build_icons.py

# Lighthouse (mobile) on the home, search and listing pages, served by gunicorn over demo data;
# scores to docs/audit.md. Needs Node 20 and Debian's Chromium.
audit: $(BIN)/activate $(AUDIT_NODE)
	$(BIN)/python scripts/showcase.py audit $(AUDIT_ARGS)

# PNGs of the main pages at 1280x900 and 390x844 into docs/screenshots/ (shown in the README).
screenshots: $(BIN)/activate
	$(BIN)/python scripts/showcase.py screenshots

clean:
	rm -rf $(VENV) .pytest_cache
