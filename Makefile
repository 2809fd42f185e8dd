# make setup — idempotent: .venv, Python and npm dependencies, static files, translations, migrations
# make run   — setup, demo data, serve on http://127.0.0.1:8000/
# make test  — lint, type check, the whole suite under coverage (DATABASE_URL picks the database)
# make lock  — requirements.lock again from pyproject.toml (after changing a dependency)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ZS := $(BIN)/zhaoshang
STAMP := $(VENV)/.installed
# The versions CI tested: every Python dependency, direct or not, pinned (make lock).
LOCK := requirements.lock
LOCK_OPTIONS := --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-trusted-host \
	--no-emit-find-links

.PHONY: setup run test lint format bench clean browser-deps screenshots messages lock

setup: $(STAMP) node_modules/.package-lock.json zhaoshang/static/vendor/.copied
	cd zhaoshang && ../$(ZS) compilemessages -v 0
	$(ZS) collectstatic --noinput -v 0
	$(ZS) migrate --noinput -v 0

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c $(LOCK) -e '.[dev]'
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q gettext >/dev/null || (apt-get update -q >/dev/null && apt-get install -y -q gettext >/dev/null); }
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

zhaoshang/static/vendor/.copied: node_modules/.package-lock.json scripts/vendor_static.py
	$(BIN)/python scripts/vendor_static.py
	touch $@

run: setup
	$(ZS) demo
	@echo ""
	@echo "  zhaoshang: http://127.0.0.1:8000/   (Ctrl-C 停止 / to stop)"
	@echo ""
	@# The background-task worker (big imports, report builds) runs beside the server.
	@$(ZS) db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(ZS) runserver 127.0.0.1:8000

# Browser tests need Debian's Chromium and CJK fonts, PDF briefings WeasyPrint's Pango and
# HarfBuzz, the deployment test (tests/deploy/) Debian's nginx: installed here when we are root;
# otherwise those tests skip with a loud message (.ci/run requires them).
SYSTEM_PACKAGES := chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 nginx
browser-deps:
	@if ! dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "*** not root: cannot install $(SYSTEM_PACKAGES); browser tests will be skipped ***"; fi; \
	fi

test: setup browser-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest --cov --cov-report=term:skip-covered

# The lock is compiled from pyproject.toml's ranges: the newest versions within them. Run after
# changing a dependency, then make test, and commit both files.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q 'pip-tools>=7.5,<8'
	$(BIN)/pip-compile $(LOCK_OPTIONS) --output-file $(LOCK) pyproject.toml

lint:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	$(BIN)/python bench/stats.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/briefing.py
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/startup.py

screenshots: setup browser-deps
	ZHAOSHANG_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/browser -q

clean:
	rm -rf $(VENV) node_modules zhaoshang/static/vendor var

# After changing any marked string: bring the English catalogue up to date, translate what is new
# (tests/core/test_catalogue.py fails on anything untranslated or fuzzy), then `make setup`.
messages: setup
	cd zhaoshang && ../$(ZS) makemessages -l en --no-location --no-obsolete
