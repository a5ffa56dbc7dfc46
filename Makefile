# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run dev test test-e2e lint format migrate demo messages clean bench bench-faults

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

# The portal as in production, on the embedded SQLite database: DEBUG off, gunicorn, the task worker and the
# scheduler. Plain HTTP is allowed because it listens on 127.0.0.1 only.
LOCAL_PRODUCTION = DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_SECURE_COOKIES=0 DJANGO_SECURE_HSTS_SECONDS=0 DJANGO_SERVE_MEDIA=1 \
	DJANGO_SITE_URL=http://127.0.0.1:$(PORT)

run: $(VENV)/.installed
	@# A secret key of this machine's own, made on the first run and kept in .env (which git ignores).
	@grep -qs '^DJANGO_SECRET_KEY=' .env || { \
		echo "DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" >> .env; \
		echo "Wrote a new secret key to .env"; }
	$(LOCAL_PRODUCTION) $(BIN)/python manage.py migrate --no-input
	$(LOCAL_PRODUCTION) $(BIN)/python manage.py createcachetable
	$(LOCAL_PRODUCTION) $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(LOCAL_PRODUCTION) $(BIN)/python manage.py load_demo --force
	@echo "Serving http://127.0.0.1:$(PORT)/ (Ctrl+C stops the server, the worker and the scheduler)"
	trap 'kill 0' INT TERM EXIT; \
	$(LOCAL_PRODUCTION) $(BIN)/python manage.py db_worker & \
	$(LOCAL_PRODUCTION) $(BIN)/python manage.py run_scheduler & \
	$(LOCAL_PRODUCTION) $(BIN)/gunicorn dialogue_portal.wsgi --workers 3 --bind 127.0.0.1:$(PORT) --access-logfile -

# The development server with DEBUG on (Django's debug pages, code reloading); e-mail is sent as it is queued.
dev: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	DJANGO_TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

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

# Every page under load at 10,000 and 100,000 concerns, against /healthz in the same run (bench/README.md):
# its own PostgreSQL databases, gunicorn with and without Redis, wrk. `make bench N=10000 DURATION=3` to iterate.
N ?= 10000 100000
DURATION ?= 5
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py --concerns $(N) --duration $(DURATION) $(BENCH_ARGS)

# Two app servers behind nginx with PostgreSQL, Redis, the worker and an SMTP sink, under load and faults
# (bench/README.md); installs nginx when missing and writes its figures into bench/RESULTS.md.
# TASKS=rq runs the tasks through Redis and RQ's worker instead of the database.
bench-faults: $(VENV)/.installed-dev
	$(if $(filter rq,$(TASKS)),$(BIN)/pip install --quiet -e ".[rq]")
	$(BIN)/python bench/load_fault.py --tasks $(or $(TASKS),db) --results bench/RESULTS.md

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
