# Ayni: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format typecheck migrate demo lock messages clean

# The virtualenv with the runtime dependencies, installed from the lock file.
$(VENV)/.base: requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt
	touch $@

# The same virtualenv with the development extras (tests, lint, types).
$(VENV)/.dev: requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	touch $(VENV)/.base $@

migrate: $(VENV)/.base
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo

# The development server, with the background worker (e-mail, harvests, link checks) beside it.
run: demo
	$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

typecheck: $(VENV)/.dev
	$(PY) -m mypy .

# Re-pin the lock files after a change of pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/base.txt
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements/dev.txt

# Update the catalogues of the six other UI languages from the code, then compile them
# (needs GNU gettext: Debian's gettext). Translate the new entries before committing.
LOCALES := fr es pt ar zh_Hans ru
messages: $(VENV)/.base
	$(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) --no-obsolete \
		--ignore 'tests/*' --ignore 'bench/*' --ignore 'var/*' --ignore 'node_modules/*'
	$(PY) manage.py compilemessages --ignore .venv

clean:
	rm -rf $(VENV) var/
