# The project's only entry points. Every target first makes sure .venv exists and matches
# requirements.txt and pyproject.toml; tools are called by their .venv/bin path, so no
# shell activation is needed.  `make` alone lists the targets.

PYTHON_SYSTEM ?= python3
VENV          := .venv
BIN           := $(VENV)/bin
STAMP         := $(VENV)/.installed
BUILD_DIR     := _build
HTML_DIR      := $(BUILD_DIR)/html
JUPYTER_CACHE := $(BUILD_DIR)/.jupyter_cache
HOST          ?= 127.0.0.1
PORT          ?= 8000

.DEFAULT_GOAL := help
.PHONY: help book lint test serve lab bench screenshots clean

help: ## List the targets
	@echo "Targets (all but help and clean create or update $(VENV) first):"
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-12s %s\n", $$1, $$2}'

# Rebuilt when the pins or the package metadata change; `touch` marks success, so a
# failed install is retried on the next run.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps -e .
	touch $@

# The data is validated again only when data/ or explainer/ changed since it last passed.
VALIDATED     := $(BUILD_DIR)/.validated
$(VALIDATED): $(STAMP) $(wildcard data/*) $(wildcard explainer/*.py)
	$(BIN)/python -m explainer validate
	@mkdir -p $(BUILD_DIR) && touch $@

# `python -m explainer build` is `jupyter-book build`, minus a second of start-up (see
# explainer/startup.py). Incremental: explainer/execution.py re-executes exactly the pages
# whose code, data files or explainer modules changed, and re-reads every page when
# explainer/, data/ or _static/ changed or the last build had a warning (so -W never passes
# on a warning it skipped). -W -n --keep-going: every warning (broken reference, stderr from
# a cell, a remote asset, a failed SVG fallback) fails the build, all reported at once.
book: $(STAMP) $(VALIDATED) ## Validate the data, then build the book into _build/html
	$(BIN)/python -m explainer build . -W -n --keep-going

# ruff's settings (line length 100, rule set) are in pyproject.toml.
lint: $(STAMP) ## Check explainer/ and tests/ with ruff (lint and format)
	$(BIN)/ruff check explainer tests
	$(BIN)/ruff format --check explainer tests

test: $(STAMP) lint book ## Lint, build the book, then run every test
	$(BIN)/python -m pytest -q

serve: $(STAMP) ## Serve _build/html on http://127.0.0.1:8000 (run `make book` first)
	@test -f $(HTML_DIR)/index.html || { echo "No $(HTML_DIR)/index.html: run 'make book' first"; exit 1; }
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory $(HTML_DIR)

# Inside JupyterLab the kernels carry JPY_SESSION_NAME, so explainer.render draws charts with
# Altair's widget renderer, vega inside the widget: charts show in the notebook, offline.
# jupyter/ (added to Jupyter's config path) makes book/*.md open as notebooks; saving
# writes clean MyST back (book/jupytext.toml). LAB_ARGS passes options, e.g. --no-browser.
# Jupyter refuses to run as root without --allow-root (our dev and CI machines are root).
LAB_ARGS ?=
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP) ## Open the pages (MyST .md notebooks, via jupytext) in JupyterLab
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(BIN)/jupyter lab --notebook-dir=book $(LAB_ROOT) $(LAB_ARGS)

screenshots: $(STAMP) book ## PNGs of every page (desktop and mobile, light and dark) in _build/screenshots
	$(BIN)/python -m explainer screenshots --html $(HTML_DIR) --out $(BUILD_DIR)/screenshots

# Lighthouse, at the version pinned in package-lock.json; Chromium is Debian's /usr/bin/chromium.
NODE_STAMP    := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund

bench: $(STAMP) $(NODE_STAMP) ## Time builds, weigh pages, run Lighthouse (BENCHMARKS.md); ~30 min
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

clean: ## Remove the built site and the execution cache (keeps .venv)
	rm -rf $(BUILD_DIR) $(JUPYTER_CACHE)
