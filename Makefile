# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test test-e2e lint format migrate demo messages clean bench

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo

# Refresh the Vietnamese catalogue after changing user-facing strings, then translate and compile.
messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages --locale vi --no-obsolete --add-location file --ignore "$(VENV)/*"
	$(BIN)/python manage.py compilemessages --locale vi --ignore "$(VENV)/*"

# Live feed vs /healthz on gunicorn + PostgreSQL + Redis (bench/README.md); needs DATABASE_URL to a spare database.
bench: $(VENV)/.installed
	$(BIN)/python bench/feed_bench.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
