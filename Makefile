# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pip 23 applies PIP_CONSTRAINT to build environments as well (xstatic-bootstrap needs setuptools<81).
PIP := PIP_CONSTRAINT=$(CURDIR)/build-constraints.txt PIP_DISABLE_PIP_VERSION_CHECK=1 $(BIN)/pip
CHROMIUM ?= /usr/bin/chromium
# `make run PORT=8123` serves on another port.
PORT ?= 8000

.PHONY: run test lint install install-test browser-deps bench bench-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml build-constraints.txt | $(BIN)/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml build-constraints.txt | $(BIN)/python
	$(PIP) install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# The web server, the task worker (emails, reminders) and the scheduler, stopped together by Ctrl-C.
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_series
	DEBUG=1 $(BIN)/python manage.py seed_demo
	PYTHON=$(BIN)/python PORT=$(PORT) DEBUG=1 bash scripts/run-dev

# Browser tests need Debian's Chromium; Playwright's own download does not work here.
browser-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM)."; \
	    echo "Install it with: sudo apt-get install chromium   (or set CHROMIUM=/path/to/chromium)"; \
	    exit 1; \
	  fi; \
	fi

lint: install-test
	$(BIN)/ruff check .

test: install-test browser-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The benchmark drives the pages with wrk and runs its two-app-server check through nginx; it needs
# PostgreSQL and Redis on 127.0.0.1 (see docs/PERFORMANCE.md).
bench-deps:
	@for tool in wrk nginx; do \
	  if ! command -v $$tool >/dev/null; then \
	    if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	      echo "Installing $$tool for the benchmark (apt-get)"; \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$tool >/dev/null; \
	    else \
	      echo "The benchmark needs $$tool. Install it with: sudo apt-get install $$tool"; \
	      exit 1; \
	    fi; \
	  fi; \
	done

bench: install-test bench-deps
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var test-artifacts staticfiles
