"""Students' validation from the command line: `python -m pixels_to_gpt validate NOTEBOOK ...`.

It runs a notebook's tests the way JupyterLab's Validate button does (nbgrader's validator
with the course's nbgrader_config.py) and prints, for each failing test cell, its whole
error: the hint is never cut. Colours stay when the output is a terminal; redirected to a
file or a pipe it is plain text, without ANSI escape codes. The exit status says how it
went, which nbgrader's own `nbgrader validate` does not (it exits 0 when tests fail):

- 0: every test passed;
- 1: a test cell failed, or a read-only cell was changed;
- 2: a notebook is missing or could not be run.

The course's nbgrader_config.py is read from the current folder, else from the checkout
that holds this package, so the command works from any folder of the course.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nbconvert.filters import strip_ansi

CHECKOUT = Path(__file__).resolve().parents[2]


def _config():
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    for folder in (Path.cwd(), CHECKOUT):
        if (folder / "nbgrader_config.py").is_file():
            return PyFileConfigLoader("nbgrader_config.py", path=str(folder)).load_config()
    return Config()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def validate(notebooks: list[str], stream=None) -> int:
    """Validate each notebook, print what failed to `stream` (stdout); the exit status."""
    from nbgrader.validator import Validator

    stream = stream or sys.stdout
    colour = _is_terminal(stream)

    def say(text: str) -> None:
        print(text if colour else strip_ansi(text), file=stream)

    worst = 0
    for name in notebooks:
        path = Path(name)
        if not path.is_file():
            say(f"{name}: no such notebook")
            worst = 2
            continue
        validator = Validator(config=_config())
        try:
            results = validator.validate(str(path.resolve()))
        except Exception as error:  # a notebook that cannot run fails, with the reason
            say(f"{name}: could not be run: {type(error).__name__}: {error}")
            worst = 2
            continue
        problems = 0
        for cell in results.get("type_changed", []):
            problems += 1
            say(f"{name}: a {cell['old_type']} cell was changed into a {cell['new_type']} "
                f"cell; change it back:\n{cell['source'][:400]}\n")
        for cell in results.get("changed", []):
            problems += 1
            say(f"{name}: a read-only cell was changed; undo the change (or copy your work into "
                f"a fresh copy of the exercise):\n{cell['source'][:400]}\n")
        for cell in results.get("failed", []):
            problems += 1
            # the whole error: the hint is its last line, however long
            say(f"{name}: this cell failed:\n{cell['source'][:400]}\n\nThe error was:\n"
                f"{cell['raw_error']}\n")
        if problems:
            say(f"{name}: FAILED ({problems} cells)")
            worst = max(worst, 1)
        else:
            say(f"{name}: all tests passed")
    return worst
