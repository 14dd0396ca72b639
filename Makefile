# The commands of the README and docs/. Every target installs what it needs into .venv first; the venv
# is (re)built only when a requirements file changes (the stamps below).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
RUN_ADDR ?= 127.0.0.1:8000
ARGS ?=

# Development commands run with DEBUG on (a per-checkout key is generated into the
# git-ignored .secret_key) unless DEBUG is set in the environment, on the make command
# line or in .env: settings refuse to start with DEBUG off and no SECRET_KEY.
DEV_DEBUG := $(if $(DEBUG),$(DEBUG),$(shell grep -Eqs '^[[:space:]]*(export[[:space:]]+)?DEBUG=' .env || echo 1))
MANAGE := $(if $(DEV_DEBUG),DEBUG=$(DEV_DEBUG) ,)$(VENV_PYTHON) manage.py

.PHONY: help run test lint format migrations-check docs bench bench-deps messages chromium pdf-deps magic-deps backup restore

help:
	@echo "make run               set up .venv, migrate, load the demo and serve http://$(RUN_ADDR)/admin/"
	@echo "make test [ARGS=...]   run the test suite (ARGS are passed to pytest)"
	@echo "make lint              ruff check, ruff format --check and the import layers (lint-imports)"
	@echo "make format            sort imports and format with ruff"
	@echo "make migrations-check  fail if a model change has no migration"
	@echo "make docs              build the documentation (docs/) into site/; any warning fails"
	@echo "make bench             run every bench/*.py script"
	@echo "make bench-deps        install what the benchmarks need (Debian's wrk)"
	@echo "make messages          update and compile the Russian translations"
	@echo "make backup BACKUP=f   back up the database and documents to f (+ f.documents.tar, f.manifest.json)"
	@echo "make restore BACKUP=f  restore that backup; add YES=1 to go ahead (it replaces the data)"

# magic-deps is order-only: it runs on every make (it only checks when libmagic1 is there)
# without rebuilding the venv.
$(RUNTIME_STAMP): requirements.txt | magic-deps
	test -x $(VENV_PYTHON) || $(PYTHON) -m venv $(VENV)
	$(VENV_PYTHON) -m pip install --upgrade pip
	$(VENV_PYTHON) -m pip install -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(VENV_PYTHON) -m pip install -r requirements-dev.txt
	touch $@

run: $(RUNTIME_STAMP) pdf-deps
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo
	@echo "casetracker is starting: open http://$(RUN_ADDR)/admin/ and log in with a demo account printed above."
	@echo "Stop it with Ctrl+C."
	@echo
	$(MANAGE) runserver $(RUN_ADDR)

test: $(DEV_STAMP) chromium pdf-deps
	$(VENV_PYTHON) -m pytest $(ARGS)

# The browser test drives Debian's chromium (Playwright cannot download its own browser
# here). Install it when we can; when we cannot, that test skips itself.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser test"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get install -y chromium || { apt-get update && apt-get install -y chromium; } \
				|| echo "Could not install chromium; the browser test will be skipped."; \
		else \
			echo "/usr/bin/chromium is missing and we are not root; the browser test will be skipped."; \
		fi; \
	fi

# Debian packages the app loads at run time: install whatever is missing when we can
# (root with apt-get), otherwise say what to install. $(1): the packages, $(2): what needs
# them, $(3): what happens without them.
define install-debs
	@missing=""; \
	for deb in $(1); do \
		dpkg-query -W -f='$${Status}' "$$deb" 2>/dev/null | grep -q "ok installed" || missing="$$missing $$deb"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing for $(2):$$missing"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get install -y $$missing || { apt-get update && apt-get install -y $$missing; } \
				|| echo "Could not install$$missing; $(3)."; \
		else \
			echo "$(2) need:$$missing (apt-get install as root)."; \
		fi; \
	fi
endef

# WeasyPrint (PDF case summaries) needs Pango; libharfbuzz-subset0 lets it subset fonts
# natively (without it, fontTools does it ~1.7x slower); DejaVu is the summaries' font
# (Cyrillic).
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-deps:
	$(call install-debs,$(PDF_DEBS),PDF summaries,PDF summaries may fail or be slower)

# Uploads are checked against their extension by libmagic (python-magic loads it at run
# time): without it nothing starts.
MAGIC_DEBS := libmagic1
magic-deps:
	$(call install-debs,$(MAGIC_DEBS),upload checks,casetracker will not start without libmagic)

# bench/case_page.py loads the pages under gunicorn with wrk (an HTTP load generator);
# without it that script stops with one readable line.
BENCH_DEBS := wrk
bench-deps:
	$(call install-debs,$(BENCH_DEBS),the page benchmark,bench/case_page.py will not run)

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(DEV_STAMP)
	$(VENV)/bin/ruff check --select I --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(RUNTIME_STAMP)
	$(MANAGE) makemigrations --check --dry-run

# --strict turns every warning into a failure: a link to a missing page or heading, a page
# missing from the nav (mkdocs.yml also sets strict and the link checks, so a plain
# `mkdocs build` fails the same way).
docs: $(DEV_STAMP)
	$(VENV)/bin/mkdocs build --strict --site-dir site

bench: $(DEV_STAMP) pdf-deps bench-deps
	@set -e; \
	shopt -s nullglob; \
	scripts=(bench/*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "No bench/*.py scripts."; exit 1; fi; \
	for script in "$${scripts[@]}"; do \
		echo "== $$script"; \
		PYTHONPATH=$(CURDIR) $(VENV_PYTHON) "$$script"; \
	done

# Collect new strings, fill them from scripts/ru_translations.py (fails naming any
# string without a translation), then compile the catalogue that is committed.
messages: $(RUNTIME_STAMP)
	$(MANAGE) makemessages -l ru --ignore=$(VENV) --ignore=tests --ignore=bench --ignore=scripts --ignore=var
	$(VENV_PYTHON) scripts/fill_translations.py
	$(MANAGE) compilemessages --ignore=$(VENV)

# Backups hold ciphertext and key ids only, never a key (docs/operations.md, "Backup and restore").
backup: $(RUNTIME_STAMP)
	@test -n "$(BACKUP)" || { echo "Usage: make backup BACKUP=/path/to/casetracker-$$(date +%F).dump" >&2; exit 2; }
	$(MANAGE) backup "$(BACKUP)"

restore: $(RUNTIME_STAMP)
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=/path/to/casetracker.dump YES=1" >&2; exit 2; }
	$(MANAGE) restore "$(BACKUP)" $(if $(YES),--yes,)
