"""The exercises' test cells, kept as Python files: `hidden_tests/<assignment>.py`.

Each graded test cell of `solutions/<assignment>/*.ipynb` (nbgrader metadata `grade: true`,
`solution: false`) is a section of its assignment's file: a marker line `# %% <grade_id>`,
then the cell's source exactly (its visible tests, then its hidden ones). The file is the
single source of truth: `make exercises` (`python -m pixels_to_gpt exercises`) inlines it
into the solutions notebooks, then regenerates `exercises/` from them.

The files live outside `solutions/`, where nbgrader would copy them into the students'
release, and this module holds no test (it is part of the package students get).

`python -m pixels_to_gpt.hidden_tests extract NOTEBOOK` prints a new exercise's file;
`python -m pixels_to_gpt.hidden_tests check` lists the notebooks that differ from their files.
"""

from __future__ import annotations

import ast
import json
import os
import re
import sys
import tempfile
import textwrap
from pathlib import Path

FOLDER = "hidden_tests"
MARKER = "# %%"
_MARKER_LINE = re.compile(r"^# %%(?P<rest>[^\n]*)$", re.MULTILINE)
_GRADE_ID = re.compile(r"[A-Za-z_][\w-]*")
_SEPARATOR = "\n\n\n"  # a section's source, then two blank lines before the next marker


class HiddenTestsError(ValueError):
    """A test file or a notebook's test cells are not what the other expects."""


def _cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _is_test_cell(cell: dict) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get(
        "solution")


def _test_cells(notebook: dict, where: str) -> dict[str, dict]:
    """grade_id -> test cell, in notebook order."""
    cells: dict[str, dict] = {}
    for cell in notebook.get("cells", []):
        if _is_test_cell(cell):
            grade_id = cell["metadata"]["nbgrader"].get("grade_id")
            if not grade_id:
                raise HiddenTestsError(f"{where}: a test cell has no grade_id")
            if grade_id in cells:
                raise HiddenTestsError(f"{where}: two test cells have the grade_id {grade_id}")
            cells[grade_id] = cell
    return cells


def _notebook_text(notebook: dict) -> str:
    """The repository's notebook format (what Jupyter writes)."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def _is_docstring(node: ast.stmt) -> bool:
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str))


def parse_sections(text: str, where: str = "<text>") -> dict[str, str]:
    """grade_id -> cell source, from the text of a test file (see `read_sections`)."""
    markers = list(_MARKER_LINE.finditer(text))
    if not markers:
        raise HiddenTestsError(f"{where}: no section (a line `{MARKER} <grade_id>`)")
    preamble = text[:markers[0].start()]
    try:
        body = ast.parse(preamble).body
    except SyntaxError as error:
        raise HiddenTestsError(f"{where}: before the first `{MARKER} <grade_id>` line only a "
                               f"docstring and comments may stand ({error.msg})") from None
    code = body[1:] if body and _is_docstring(body[0]) else body
    if code:
        line = code[0].lineno
        raise HiddenTestsError(f"{where}:{line}: code before the first `{MARKER} <grade_id>` "
                               "line (only a docstring and comments may stand there): put it "
                               "in a section")
    sections: dict[str, str] = {}
    for index, marker in enumerate(markers):
        line = text.count("\n", 0, marker.start()) + 1
        rest = marker["rest"]
        grade_id = rest.strip()
        if not grade_id:
            raise HiddenTestsError(f"{where}:{line}: `{MARKER}` without a grade_id (write "
                                   f"`{MARKER} <grade_id>`)")
        if not rest.startswith(" ") or not _GRADE_ID.fullmatch(grade_id):
            raise HiddenTestsError(f"{where}:{line}: {marker[0]!r} is not `{MARKER} <grade_id>` "
                                   "(one grade_id: letters, digits, _ and -)")
        if grade_id in sections:
            raise HiddenTestsError(f"{where}:{line}: a second section {grade_id}")
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        sections[grade_id] = text[marker.end() + 1:end].rstrip("\n")
    return sections


def read_sections(path: Path | str) -> dict[str, str]:
    """grade_id -> test cell source, in file order, from `hidden_tests/<assignment>.py`.

    A section is a marker line `# %% <grade_id>` and the lines after it, up to the next marker
    or the end of the file, without the newlines that end it. Raises HiddenTestsError (a
    ValueError) for a duplicate grade_id, a marker without one, or code before the first
    marker (only a docstring and comments may stand there).
    """
    path = Path(path)
    return parse_sections(path.read_text(encoding="utf-8"), str(path))


def inline(notebook_path: Path | str, sections: dict[str, str]) -> bool:
    """Write each test cell's source from `sections` (by grade_id); True if the file changed.

    Refuses (HiddenTestsError, nothing written) when a section has no test cell or a test
    cell has no section. The notebook is saved, in the repository's format and keeping each
    source as stored (a list of lines or a string), only when a cell changed.
    """
    path = Path(notebook_path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = _test_cells(notebook, str(path))
    missing = [grade_id for grade_id in cells if grade_id not in sections]
    unknown = [grade_id for grade_id in sections if grade_id not in cells]
    problems = []
    if missing:
        problems.append(f"test cell(s) without a section: {', '.join(missing)}")
    if unknown:
        problems.append(f"section(s) without a test cell: {', '.join(unknown)}")
    if problems:
        raise HiddenTestsError(f"{path}: {'; '.join(problems)} (nothing was changed)")
    changed = False
    for grade_id, cell in cells.items():
        source = sections[grade_id]
        if _cell_source(cell) != source:
            stored_as_lines = isinstance(cell.get("source", ""), list)
            cell["source"] = source.splitlines(keepends=True) if stored_as_lines else source
            changed = True
    if changed:
        _write_atomically(path, _notebook_text(notebook))
    return changed


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", text=True)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def extract(notebook_path: Path | str) -> str:
    """The text of a test file for a notebook: a docstring, then its test cells as sections.

    For a new exercise: `python -m pixels_to_gpt.hidden_tests extract NOTEBOOK > FILE`.
    Raises HiddenTestsError for a source the format cannot hold exactly (one that ends with a
    newline or has a line starting with `# %%`).
    """
    path = Path(notebook_path)
    cells = _test_cells(json.loads(path.read_text(encoding="utf-8")), str(path))
    if not cells:
        raise HiddenTestsError(f"{path}: no test cell (nbgrader `grade: true`, "
                               "`solution: false`)")
    name = f"solutions/{path.parent.name}/{path.name}"
    about = (f"Each `{MARKER} <grade_id>` section is one test cell's source, exactly: its "
             "visible tests, then its hidden ones. This file is their single source: edit them "
             "here, never in the notebook. `make exercises` inlines the sections into the "
             "notebook (by grade_id), then regenerates exercises/ from it. See README.md.")
    parts = [f'"""The hidden tests: the test cells of {name}.\n\n'
             + textwrap.fill(about, width=92, break_on_hyphens=False) + '\n"""']
    for grade_id, cell in cells.items():
        source = _cell_source(cell)
        if source.endswith("\n") or _MARKER_LINE.search(source):
            raise HiddenTestsError(f"{path}: {grade_id} cannot be written exactly (its source "
                                   f"ends with a newline or has a line starting {MARKER!r})")
        parts.append(f"{MARKER} {grade_id}\n{source}")
    return _SEPARATOR.join(parts) + "\n"


def assignment_notebooks(solutions: Path) -> dict[str, Path]:
    """grade_id -> the notebook of `solutions` (an assignment's folder) that tests it."""
    owners: dict[str, Path] = {}
    for notebook in sorted(solutions.glob("*.ipynb")):
        for grade_id in _test_cells(json.loads(notebook.read_text(encoding="utf-8")),
                                    str(notebook)):
            if grade_id in owners:
                raise HiddenTestsError(f"{solutions}: test cells {grade_id} in both "
                                       f"{owners[grade_id].name} and {notebook.name}")
            owners[grade_id] = notebook
    return owners


def inline_assignment(course: Path, assignment: str,
                      solutions: Path | None = None) -> list[Path]:
    """Inline `hidden_tests/<assignment>.py` into the assignment's notebooks (those in
    `solutions`, by default `solutions/<assignment>/`); the notebooks that changed."""
    solutions = solutions or course / "solutions" / assignment
    source = course / FOLDER / f"{assignment}.py"
    owners = assignment_notebooks(solutions)
    if not source.is_file():
        if not owners:
            return []
        first = sorted(set(owners.values()))[0]
        raise HiddenTestsError(
            f"{FOLDER}/{assignment}.py is missing, and {first.name} has test cells: create it "
            f"with `python -m pixels_to_gpt.hidden_tests extract "
            f"solutions/{assignment}/{first.name} > {FOLDER}/{assignment}.py`")
    sections = read_sections(source)
    unknown = [grade_id for grade_id in sections if grade_id not in owners]
    if unknown:
        raise HiddenTestsError(f"{source}: section(s) without a test cell in "
                               f"solutions/{assignment}/: {', '.join(unknown)} (nothing was "
                               "changed)")
    notebooks = sorted(set(owners.values()))
    for notebook in notebooks:  # check every notebook before writing any
        missing = [g for g, owner in owners.items() if owner == notebook and g not in sections]
        if missing:
            raise HiddenTestsError(f"{notebook}: test cell(s) without a section in {source}: "
                                   f"{', '.join(missing)} (nothing was changed)")
    return [notebook for notebook in notebooks
            if inline(notebook, {g: s for g, s in sections.items() if owners[g] == notebook})]


def check(repo_root: Path | str) -> list[str]:
    """Where the solutions notebooks' test cells differ from `hidden_tests/` ([] if nowhere)."""
    root = Path(repo_root)
    assignments = sorted(p.name for p in (root / "solutions").iterdir()
                         if p.is_dir() and not p.name.startswith("."))
    problems = [f"{FOLDER}/{p.name}: no assignment solutions/{p.stem}/"
                for p in sorted((root / FOLDER).glob("*.py")) if p.stem not in assignments]
    for assignment in assignments:
        source = f"{FOLDER}/{assignment}.py"
        try:
            owners = assignment_notebooks(root / "solutions" / assignment)
            if not owners:
                continue
            if not (root / source).is_file():
                problems.append(f"{source} is missing (solutions/{assignment}/ has test cells)")
                continue
            sections = read_sections(root / source)
        except (HiddenTestsError, OSError, ValueError) as error:
            problems.append(str(error))
            continue
        problems += [f"{source}: {g} has no test cell in solutions/{assignment}/"
                     for g in sections if g not in owners]
        for grade_id, notebook in owners.items():
            where = f"solutions/{assignment}/{notebook.name}"
            cells = _test_cells(json.loads(notebook.read_text(encoding="utf-8")), where)
            if grade_id not in sections:
                problems.append(f"{where}: test cell {grade_id} has no section in {source}")
            elif _cell_source(cells[grade_id]) != sections[grade_id]:
                problems.append(f"{where}: test cell {grade_id} differs from {source}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["extract"] and len(args) == 2:
        try:
            sys.stdout.write(extract(args[1]))
        except (HiddenTestsError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        return 0
    if args[:1] == ["check"] and len(args) <= 2:
        problems = check(args[1] if len(args) == 2 else ".")
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    print("usage: python -m pixels_to_gpt.hidden_tests extract NOTEBOOK | check [COURSE]",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
