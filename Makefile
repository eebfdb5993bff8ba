# The two commands of the README: `make run` and `make test`.
# Both create the virtual environment and install pinned dependencies when needed.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000
# Tests run on every core (pytest-xdist, one test database per worker); a file's tests stay together,
# and the tests on the shared demo data run together on one worker (tests/conftest.py).
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: run dev test lint check-migrations schema messages db-stop clean bench scale-data

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "Cần Python 3.11 ($(PYTHON)) / Python 3.11 is required ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

# `make run` serves what a user meets: the production settings over plain HTTP on this machine
# (logistics/settings_local.py: DEBUG off, the app's own error pages, hashed static files served by
# whitenoise), on gunicorn. `make dev` is the development server: DEBUG on, code reloaded on change.
RUN_SETTINGS := logistics.settings_local
# Both start a worker of the job queue (logistics/jobs.py) beside the server, in the same environment
# (the same DATABASE_URL, or the same embedded PostgreSQL). A shell runs in the background what it
# starts with `&` deaf to Ctrl-C, so the recipe stops the worker itself (SIGTERM) when the server
# stops: on Ctrl-C, or when the server exits.
WORKER := $(PY) manage.py procrastinate worker
STOP_WORKER := trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM
STATIC_SOURCES := $(shell find $(wildcard */static) -type f 2>/dev/null)

run: export DJANGO_SETTINGS_MODULE := $(RUN_SETTINGS)
run: $(VENV)/.installed-run staticfiles/staticfiles.json
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	@echo ""
	@echo "  Hệ thống quản lý hậu cần đang chạy tại / running at: http://$(HOST_PORT)/"
	@echo ""
	@$(WORKER) & worker=$$!; $(STOP_WORKER); \
	$(PY) -m gunicorn logistics.wsgi --bind $(HOST_PORT) --workers 2 --threads 4 --preload --no-control-socket

dev: $(VENV)/.installed-run
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	@echo ""
	@echo "  Máy chủ phát triển (DEBUG) / development server: http://$(HOST_PORT)/"
	@echo ""
	@$(WORKER) & worker=$$!; $(STOP_WORKER); \
	$(PY) manage.py runserver $(HOST_PORT)

# Collected again only when a static file or a dependency changed, so that `make run` starts at once.
staticfiles/staticfiles.json: $(STATIC_SOURCES) $(VENV)/.installed-run
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py collectstatic --noinput --verbosity 0
	@touch $@

test: $(VENV)/.installed-dev
	@scripts/ensure-browser
	$(PY) -m pytest $(PYTEST_ARGS)

# Issue 14's pages and exports timed beside one raw SQL query or COPY of the same rows (a Markdown
# table), on the database DATABASE_URL names: `make bench BENCH_ARGS="--json 1x.json"`, then on a
# province made by `make scale-data FACTOR=100`, `make bench BENCH_ARGS="--compare 1x.json"`.
BENCH_ARGS ?=
FACTOR ?= 100

bench: $(VENV)/.installed-run
	$(PY) manage.py benchmark $(BENCH_ARGS)

scale-data: $(VENV)/.installed-run
	$(PY) manage.py generate_scale_data --factor $(FACTOR)

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check-migrations: $(VENV)/.installed-dev
	$(PY) manage.py makemigrations --check --dry-run

schema: $(VENV)/.installed-dev
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages --locale vi --no-obsolete --ignore '.venv/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --locale vi --ignore '.venv/*'

db-stop: $(VENV)/.installed-run
	$(PY) -m logistics.embedded_db stop

clean: db-stop
	rm -rf $(VENV) staticfiles
