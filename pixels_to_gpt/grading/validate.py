"""`nbgrader validate` with an exit status: `python -m pixels_to_gpt validate NOTEBOOK ...`.

nbgrader's own command prints the failing cells but exits 0 either way, so a script or a CI
job cannot tell a passing notebook from a failing one. This runs nbgrader's validator on
each notebook (with the course's nbgrader_config.py when run from the course directory) and
exits 1 if any test cell fails or a graded cell was changed, 2 if a notebook cannot be run.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _config():
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    if Path("nbgrader_config.py").is_file():
        return PyFileConfigLoader("nbgrader_config.py", path=".").load_config()
    return Config()


def validate(notebooks: list[str], stream=None) -> int:
    from nbgrader.validator import Validator

    stream = stream or sys.stdout
    worst = 0
    for name in notebooks:
        path = Path(name)
        if not path.is_file():
            print(f"{name}: no such notebook", file=stream)
            worst = 2
            continue
        validator = Validator(config=_config())
        try:
            results = validator.validate(str(path.resolve()))
        except Exception as error:  # noqa: BLE001 - a notebook that cannot run fails
            print(f"{name}: could not be run: {type(error).__name__}: {error}", file=stream)
            worst = 2
            continue
        problems = 0
        for cell in results.get("type_changed", []):
            problems += 1
            print(f"{name}: a {cell['old_type']} cell was changed into a {cell['new_type']} "
                  f"cell:\n{cell['source'][:400]}\n", file=stream)
        for cell in results.get("changed", []):
            problems += 1
            print(f"{name}: a read-only cell was changed:\n{cell['source'][:400]}\n",
                  file=stream)
        for cell in results.get("failed", []):
            problems += 1
            print(f"{name}: this cell failed:\n{cell['source'][:400]}\n{cell['raw_error']}\n",
                  file=stream)
        if problems:
            print(f"{name}: FAILED ({problems} cells)", file=stream)
            worst = max(worst, 1)
        else:
            print(f"{name}: all tests passed", file=stream)
    return worst
