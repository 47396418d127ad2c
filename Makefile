# gridcare: `make run` serves the demo, `make test` runs everything CI runs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_SCALE ?= 0.01

# Local defaults for `make run` (override in the environment; see .env.example).
RUN_ENV := DEBUG=1 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 TASKS_BACKEND=immediate \
	EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
TEST_ENV := DEBUG=0 SECRET_KEY=test-secret-key-not-for-production TASKS_BACKEND=immediate \
	PASSWORD_HASHERS=django.contrib.auth.hashers.MD5PasswordHasher STATIC_MANIFEST=0 \
	GRIDCARE_DATA_DIR=$(CURDIR)/var/test

.PHONY: install run serve test lint format check migrate demo openapi clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Нужен Python 3.11 ($(PYTHON))"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

migrate: install
	$(RUN_ENV) $(BIN)/gridcare migrate --noinput

demo: migrate
	$(RUN_ENV) $(BIN)/gridcare demo_data --scale $(DEMO_SCALE) --if-empty

run: demo
	@$(RUN_ENV) $(BIN)/gridcare demo_logins
	$(RUN_ENV) $(BIN)/uvicorn gridcare.asgi:application --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

openapi: install
	$(TEST_ENV) $(BIN)/gridcare export_openapi --out gridcare/api/openapi.json

check: test

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/gridcare check
	$(TEST_ENV) $(BIN)/gridcare makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/lint-imports
	$(TEST_ENV) $(BIN)/pytest -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var
