# The two commands: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test bench lint clean

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

bench: $(BIN)/activate
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(BIN)/activate
	$(BIN)/python -m ruff check --line-length 120 --select F,E9 directory tests bench

clean:
	rm -rf $(VENV) .pytest_cache
