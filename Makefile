# The README's two commands: `make serve` and `make test`. Each installs what it needs.
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# What the site needs (requirements.txt) and what the tests add (requirements-test.txt), each installed
# once per content of its files.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
TEST_STAMP := $(VENV)/.tests-$(shell cat requirements.txt requirements-test.txt pyproject.toml | cksum | cut -d' ' -f1)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# uv installs the pinned requirements in a quarter of pip's time on a fresh machine (docs/benchmarks.md).
# --compile-bytecode does what pip does: otherwise the first import compiles jieba under the tests'
# warnings-as-errors, and its invalid escapes become SyntaxError.
UV := $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python

.PHONY: serve build test test-fast validate runtime system-deps fonts bench clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(UV) -r requirements.txt -e .
	rm -f $(VENV)/.installed-* && touch $@

$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(UV) -r requirements-test.txt
	rm -f $(VENV)/.tests-* && touch $@

runtime: $(STAMP)

# Debian packages the tests drive: Chromium for the browser tests, CJK fonts for
# Chinese pages and social cards, Java for the Nu HTML checker, Graphviz for the pattern map.
system-deps:
	@command -v chromium >/dev/null && command -v java >/dev/null && command -v dot >/dev/null && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
	    chromium fonts-noto-cjk fontconfig default-jre-headless graphviz >/dev/null; }

# Node tools the tests run against the built site (axe-core, vnu), exact versions from package-lock.json;
# Lighthouse (optional in package.json, 100+ packages) only for `make bench`.
node_modules/.tests: package.json package-lock.json
	npm ci --omit=optional --no-audit --no-fund --loglevel=error
	touch $@

node_modules/.bench: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.tests $@

# The social cards (generator/site/cards.py) are drawn with Noto Sans CJK and the pattern map
# (generator/site/patternmap.py) is laid out by Graphviz's `dot`: `make build` needs both.
# `make serve` draws no cards and shows the map as a list when `dot` is missing, so previewing needs Python alone.
fonts:
	@test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc && command -v dot >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends fonts-noto-cjk graphviz >/dev/null; }

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload --dirty -a $(HOST):$(PORT)

build: $(STAMP) fonts
	$(BIN)/python -m generator build

validate: $(STAMP)
	$(BIN)/python -m generator validate

test: $(TEST_STAMP) system-deps node_modules/.tests
	PYTHONWARNDEFAULTENCODING=1 $(BIN)/python -m pytest

# The layer that needs no build and no browser (pytest markers, tests/conftest.py), on every core.
test-fast: $(TEST_STAMP)
	PYTHONWARNDEFAULTENCODING=1 $(BIN)/python -m pytest -m "not build and not browser" -n auto

# Benchmark (not a test): synthetic catalogs of 16/100/1,000 patterns, serve reload, Lighthouse.
bench: $(TEST_STAMP) system-deps node_modules/.bench
	$(BIN)/python tests/benchmarks/bench.py --serve --lighthouse --lighthouse-calibrated

clean:
	rm -rf site .pytest_cache .cache
