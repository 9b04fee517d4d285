# DiceyTech: `make run` serves the site with demo data; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
VPY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CHROMIUM ?= /usr/bin/chromium

# Django 6.1 needs Python 3.12+: PYTHON when set, else python3.13/python3.12 on PATH, else
# the newest 3.12+ that pyenv keeps. Each candidate is run, not just found: a pyenv shim for
# a version that is not selected exists on PATH but fails.
PYTHON ?= $(shell \
  ok() { "$$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }; \
  for c in python3.13 python3.12; do p=$$(command -v $$c 2>/dev/null) && ok "$$p" && { echo "$$p"; exit; }; done; \
  root=$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv); \
  for v in $$(ls -1 $$root/versions 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])\.[0-9]+$$' | sort -t. -k1,1nr -k2,2nr -k3,3nr); do \
    ok "$$root/versions/$$v/bin/python" && { echo "$$root/versions/$$v/bin/python"; exit; }; done)

.PHONY: help run serve test lint format css install install-dev chromium wrk zbar vnu migrate seed worker bench clean sandbox sandbox-try

help:
	@echo "make run    - install, migrate, load demo data, serve http://127.0.0.1:8000 with a worker"
	@echo "make test   - install test tools, ruff, then the whole pytest suite (browser tests too)"
	@echo "make css    - rebuild static/css from tailwind/ (needs npm)"
	@echo "make bench  - load large demo data into PostgreSQL and measure every key page"

$(VENV)/.python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "DiceyTech needs Python 3.12 or newer (Django 6.1). Install one (e.g. 'pyenv install 3.12') or run 'make PYTHON=/path/to/python3.12 ...'."; \
	  exit 1; fi
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "$(PYTHON) is older than 3.12; DiceyTech needs Python 3.12 or newer."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@$(PYTHON) --version > $@

$(VENV)/.installed: requirements.txt $(VENV)/.python
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	@mkdir -p var
	$(VPY) manage.py migrate --noinput

seed: migrate
	$(VPY) manage.py seed_demo --size small

# Web server and huey worker together; Ctrl-C stops both.
# Each runs in its own process group (set -m) so one kill reaches runserver's autoreloader
# child too. The trap clears itself before killing: a trap that re-enters on the TERM it
# sends recurses until bash overflows its stack ("make: *** Segmentation fault").
SERVE_WEB ?= $(VPY) manage.py runserver 127.0.0.1:8000
# The worker writes one readable line per task to the same console (LOGGING's "huey" handler
# takes the place of run_huey's own --logfile).
SERVE_WORKER ?= $(VPY) manage.py run_huey
# One shell runs both (not a nested make, which would report Ctrl-C as "Interrupt").
SERVE = set -m; \
  $(SERVE_WORKER) & \
  $(SERVE_WEB) & \
  trap 'trap - INT TERM EXIT; exec 2>/dev/null; for p in $$(jobs -p); do kill -TERM -- -$$p 2>/dev/null; done; wait; exit 0' INT TERM EXIT; \
  wait -n
run: seed sandbox-try
	@echo "DiceyTech on http://127.0.0.1:8000 (mail lands in var/mail/). Ctrl-C stops the site and the worker."
	@$(SERVE)

serve:
	@$(SERVE)

worker: install
	$(VPY) manage.py run_huey

chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium from Debian's packages for the browser tests..."; \
	  (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }) ; \
	else \
	  echo "Browser tests need Chromium at $(CHROMIUM). Install it (sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium."; \
	  exit 1; fi

# The code sandbox (exercise submissions) runs learner code in bubblewrap; its tests run the real
# sandbox. As root, Debian's package is installed where bwrap is missing.
sandbox:
	@if command -v bwrap >/dev/null; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing bubblewrap from Debian's packages for the code sandbox..."; \
	  (apt-get install -y -qq bubblewrap >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq bubblewrap; }); \
	else \
	  echo "The code sandbox needs bubblewrap. Install it (sudo apt-get install bubblewrap)."; \
	  exit 1; fi

# `make run` works without the sandbox: Submit then says the sandbox is unavailable.
sandbox-try:
	@$(MAKE) --no-print-directory sandbox || echo "Without bubblewrap, exercise submissions say the sandbox is unavailable."

# The ticket QR tests decode the QR codes with a real decoder, zbarimg.
zbar:
	@if command -v zbarimg >/dev/null; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing zbar-tools from Debian's packages for the QR code tests..."; \
	  (apt-get install -y -qq zbar-tools >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq zbar-tools; }); \
	else \
	  echo "The QR code tests need zbarimg. Install it (sudo apt-get install zbar-tools)."; \
	  exit 1; fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install-dev chromium wrk zbar vnu sandbox
	$(VENV)/bin/ruff check .
	CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest $(PYTEST_ARGS)

css: install
	cd tailwind && npm install --no-audit --no-fund && npx tailwindcss -i ./input.css -o ../static/css/site.css --minify
	$(VPY) -c "import sys; sys.path.insert(0, '.'); from apps.core.markdown import pygments_css; open('static/css/pygments.css', 'w').write(pygments_css())"
	cp tailwind/node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js

# The Nu HTML validator (the checker behind validator.w3.org/nu) for tests/core/test_html_validity.py:
# the jar from npm, run with a headless JRE from Debian's packages when none is installed.
VNU_VERSION := 26.9.27
VNU_JAR := var/vnu/node_modules/vnu-jar/build/dist/vnu.jar
vnu: $(VNU_JAR)
	@if command -v java >/dev/null; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq default-jre-headless >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq default-jre-headless; }); \
	else echo "The HTML validity test needs Java (sudo apt-get install default-jre-headless)."; exit 1; fi

$(VNU_JAR):
	@mkdir -p var/vnu
	npm install --silent --no-audit --no-fund --prefix var/vnu vnu-jar@$(VNU_VERSION)

wrk:
	@if command -v wrk >/dev/null; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }); \
	else echo "make bench needs wrk (sudo apt-get install wrk)."; exit 1; fi

# Large demo data into DATABASE_URL (PostgreSQL), gunicorn in production mode, wrk per URL.
# Results: var/bench/results.md and results.json. BENCH_ARGS="--skip-seed --duration 5" etc.
bench: install-dev wrk
	$(VPY) manage.py bench $(BENCH_ARGS)

clean:
	rm -rf var $(VENV)
