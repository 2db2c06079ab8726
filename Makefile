# From Pixels to GPT. The two commands in the README:
#   make book   set up, then build the static website into _build/html
#   make test   set up, then run every test (the book build included)
# Both create a virtual environment in .venv from requirements.txt on first use.
# For students (no book build, no root):
#   make student           set up what students need, copy new exercises into work/, open
#                          JupyterLab (make student LAB=no: all but JupyterLab;
#                          make student LANGUAGE=hu: instructions in Hungarian, or zh_CN, zh_TW)
# For instructors:
#   make exercises         regenerate exercises/ from solutions/, never over someone's work
#                          (ASSIGNMENTS="ch07_sampling ...": only those)
#   make student-edition   build what students get, a git repository in $(EDITION)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The offline data mirror beside the checkout, ../shared/data (CI and this workplace), is
# found by the data layer itself (pixels_to_gpt/data.py); PIXELS_TO_GPT_DATA names another.

.PHONY: book test exercises checkpoint chat-checkpoints lint clean student student-edition

$(BIN)/.installed: requirements.txt pyproject.toml grader/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# English into _build/html, then Hungarian and Chinese into _build/html/<language>/
book: $(BIN)/.installed
	$(BIN)/python -m pixels_to_gpt.site build

test: $(BIN)/.installed
	bash tests/install-system-packages.sh || echo "Chromium or bubblewrap could not be installed: their tests skip (and fail under CI=true)"
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadscope --durations=25

# Inline each assignment's test cells, hidden_tests/<assignment>.py (their source), into its
# solutions/ notebooks, then regenerate the student versions in exercises/ from solutions/,
# in a temporary folder that is removed (gradebook included). Refuses, changing nothing, to
# replace a notebook of exercises/ that holds answers or outputs.
ASSIGNMENTS ?=
exercises: $(BIN)/.installed
	$(BIN)/python -m pixels_to_gpt exercises $(ASSIGNMENTS)

# A student's set-up: only the packages students need (not the book's or the tests' tools),
# then their workspace (work/, git-ignored) and JupyterLab.
$(BIN)/.student-installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(PYTHON) -m pixels_to_gpt.edition requirements > $(VENV)/requirements-student.txt
	$(BIN)/python -m pip install --quiet -r $(VENV)/requirements-student.txt
	touch $@

student: $(BIN)/.student-installed
	$(BIN)/python -m pixels_to_gpt workspace $(if $(filter no,$(LAB)),--no-lab) \
		$(if $(LANGUAGE),--language $(LANGUAGE))

# What students get (no solutions, no hidden tests, no catalogue), as a git repository.
EDITION ?= _build/student-edition
student-edition: $(BIN)/.installed
	$(BIN)/python -m pixels_to_gpt edition $(EDITION)

# Retrain the committed Tiny Shakespeare model (a few minutes on 2 cores).
checkpoint: $(BIN)/.installed
	$(BIN)/python -m pixels_to_gpt train-checkpoint

# Retrain chapter 9's committed models: the GPT on BPE tokens, then the chat model fine-tuned
# from it (about 6 + 3 minutes on 2 cores).
chat-checkpoints: $(BIN)/.installed
	$(BIN)/python -m pixels_to_gpt train-chat-checkpoints

lint: $(BIN)/.installed
	$(BIN)/ruff check .

clean:
	rm -rf _build
