# From Pixels to GPT. The two commands in the README:
#   make book   set up, then build the static website into _build/html
#   make test   set up, then run every test (the book build included)
# Both create a virtual environment in .venv from requirements.txt on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The offline data mirror beside the checkout, when there is one (CI and this workplace).
MIRROR := $(abspath $(wildcard ../shared/data))
ifneq ($(MIRROR),)
export PIXELS_TO_GPT_DATA ?= $(MIRROR)
endif

.PHONY: book test exercises checkpoint lint clean

$(BIN)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

book: $(BIN)/.installed
	$(BIN)/jupyter-book build . -W -n --keep-going

test: $(BIN)/.installed
	bash tests/install-system-packages.sh || echo "Chromium or bubblewrap could not be installed: their tests skip (and fail under CI=true)"
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Regenerate the student versions in exercises/ from the instructors' solutions/.
exercises: $(BIN)/.installed
	for a in solutions/*/; do \
	  PATH="$(abspath $(BIN)):$$PATH" $(BIN)/nbgrader generate_assignment $$(basename $$a) --force \
	    --db sqlite:///$$(mktemp -u /tmp/gradebook-XXXXXX).db || exit 1; \
	done

# Retrain the committed Tiny Shakespeare model (a few minutes on 2 cores).
checkpoint: $(BIN)/.installed
	$(BIN)/python -m pixels_to_gpt train-checkpoint

lint: $(BIN)/.installed
	$(BIN)/ruff check .

clean:
	rm -rf _build
