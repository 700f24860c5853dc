# Two entry points for a fresh machine; each builds the pinned virtualenv it needs.
#   make generate   regenerate generated/ from specs/, the golden record in tests/golden/ and the
#                   second project in examples/kling-image/
#   make test       run the full test suite (ruff, snapshot, validators, client, docs, mypy --strict)
# And for maintainers:
#   make sync       re-read fal's sources listed in catalogue.sources into specs/
#   make update     update specs/ from fal's live sources (its model list, pages, published types)
#   make review     what CI runs on a pull request: lint, check in CI mode, tests, and the
#                   spec diff against BASE (default main), failing on an unversioned breaking change

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate check lint sync update test review bench clean

$(STAMP): requirements.lock pyproject.toml generated/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . -e generated
	touch $(STAMP)

generate: $(STAMP)
	$(BIN)/falgen generate
	$(BIN)/falgen --project tests/golden generate
	$(BIN)/falgen --project examples/kling-image generate

check: $(STAMP)
	CI=true $(BIN)/falgen check
	CI=true $(BIN)/falgen --project tests/golden check
	CI=true $(BIN)/falgen --project examples/kling-image check

lint: $(STAMP)
	$(BIN)/falgen lint

# `sed` keeps the list's comments out; `wildcard` expands its globs in a fixed (sorted) order.
CATALOGUE := $(sort $(wildcard $(shell sed -e '/^\#/d' catalogue.sources)))

sync: $(STAMP)
	$(BIN)/falgen sync --only 'fal-ai/kling-video/*' --prefer typescript $(CATALOGUE)

# The toolkit, its runtime modules, and the three packages it generates.
PACKAGES := generated/fal_kling tests/golden/generated/fal_golden examples/kling-image/generated/fal_kling_image
RUFF_PATHS := generator 'templates/package/[package]' $(PACKAGES)

test: $(STAMP)
	$(BIN)/ruff check $(RUFF_PATHS)
	$(BIN)/python -m pytest
	$(BIN)/python -m mypy --strict generator $(PACKAGES)

update: $(STAMP)
	$(BIN)/falgen update

BASE ?= main

review: lint check test
	$(BIN)/falgen review --base $(BASE)

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) .falgen-cache
