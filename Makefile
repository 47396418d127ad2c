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

.PHONY: install run serve test lint format check migrate demo openapi messages audit clean

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

# Translation catalogs (docs/i18n.md): collect strings from code and templates into
# gridcare/locale/{tt,en}/LC_MESSAGES/django.po, then compile the .mo files we commit.
messages: install
	cd gridcare && DEBUG=1 ../$(BIN)/gridcare makemessages -l tt -l en \
		--ignore=static/vendor --ignore='*/tests/*' --add-location=file
	# Scripts' strings (gettext() in static/js, served by /jsi18n/).
	cd gridcare && DEBUG=1 ../$(BIN)/gridcare makemessages -d djangojs -l tt -l en \
		--ignore=static/vendor --ignore=templates --add-location=file
	# msgmerge's fuzzy guesses are other sentences' translations: drop them.
	for po in gridcare/locale/*/LC_MESSAGES/django*.po; do \
		msgattrib --clear-fuzzy --empty --clear-previous -o $$po $$po; done
	cd gridcare && DEBUG=1 ../$(BIN)/gridcare compilemessages --ignore='static/*'

check: test

# Known vulnerabilities of the pinned dependencies (PyPI advisory data, OSV). Needs
# access to pypi.org; where there is none it says so and fails (.ci/run reports it).
audit: install
	$(BIN)/pip freeze --exclude-editable > var/requirements-audit.txt
	$(BIN)/pip-audit --strict --no-deps --disable-pip -r var/requirements-audit.txt

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/gridcare check
	$(TEST_ENV) $(BIN)/gridcare makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/lint-imports
	$(TEST_ENV) $(BIN)/pytest -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var
