"""Reading submitted notebooks and rewriting them for grading and for feedback.

- `read_submission()` reads a notebook, and salvages the cells of one whose JSON is broken;
- `compare_with_release()` says which test cells a student deleted or edited;
- `neutralize()` replaces a cell that kills or hangs the kernel by one that fails politely, so
  that the rest of the notebook can still be graded;
- `feedback_copy()` removes the hidden tests (and tracebacks, which quote them) from a graded
  notebook before it becomes a student's feedback.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from dataclasses import dataclass, field

import nbformat

from pixels_to_gpt_grader.course import is_answer_cell, is_test_cell, nbgrader_meta

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
NEUTRALIZED = "# pixels_to_gpt: this cell was not run by the grader"
KEPT = "# pixels_to_gpt: only this cell's definitions were run by the grader"


@dataclass
class Reading:
    """A submitted notebook as far as it could be read, and what was wrong with the file."""

    notebook: nbformat.NotebookNode | None
    problems: list[str] = field(default_factory=list)


def _cell_objects(text: str) -> list[dict]:
    """Every complete cell object in a damaged notebook's text (nbformat sorts its keys)."""
    decoder = json.JSONDecoder()
    cells = []
    for match in re.finditer(r'\{\s*"(attachments|cell_type)"', text):
        try:
            obj, _ = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        if isinstance(obj, dict) and obj.get("cell_type") in ("code", "markdown", "raw"):
            cells.append(obj)
    return cells


def read_submission(data: bytes) -> Reading:
    """Parse a submitted notebook; for broken JSON, keep the cells that are still whole."""
    text = data.decode("utf-8", errors="replace")
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validator.normalize(nb)
        return Reading(nb)
    except Exception as error:  # any unreadable file is reported, not raised
        reason = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    cells = _cell_objects(text)
    if not cells:
        return Reading(None, [f"unreadable notebook file ({reason}); nothing could be "
                              "recovered"])
    nb = nbformat.v4.new_notebook()
    for obj in cells:
        source = obj.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        maker = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell,
                 "raw": nbformat.v4.new_raw_cell}[obj["cell_type"]]
        cell = maker(source)
        if isinstance(obj.get("metadata"), dict):
            cell.metadata = nbformat.from_dict(obj["metadata"])
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return Reading(nb, [f"broken notebook file ({reason}): graded the {len(cells)} cells "
                        "that could be recovered"])


def compare_with_release(nb: nbformat.NotebookNode, release: nbformat.NotebookNode) -> list[str]:
    """Put back the graded cells a student deleted; say what was deleted or edited.

    nbgrader restores deleted test cells (`OverwriteCells.add_missing_cells`) but fails on a
    test cell whose answer cell was deleted too, so every missing cell of the release that
    nbgrader knows by id (set-up, answers, tests) goes back in its place here: a deleted
    answer cell comes back as the released stub, worth nothing. Edited test cells are
    replaced by the source's version by nbgrader.
    """
    problems = []
    submitted = {nbgrader_meta(c).get("grade_id"): c for c in nb.cells}
    position = 0  # where the next release cell belongs in the submission
    for cell in release.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id is None:  # prose between questions: follow it when it is still there
            same = [i for i, c in enumerate(nb.cells[position:], position)
                    if c.source == cell.source]
            position = same[0] + 1 if same else position
            continue
        if grade_id in submitted:
            position = nb.cells.index(submitted[grade_id]) + 1
            if is_test_cell(cell) and submitted[grade_id].source.strip() != cell.source.strip():
                problems.append(f"test cell {grade_id} was edited (restored from the source)")
            continue
        restored = copy.deepcopy(cell)
        restored["id"] = uuid.uuid4().hex[:12]
        nb.cells.insert(position, restored)
        position += 1
        if is_test_cell(cell):
            problems.append(f"test cell {grade_id} was deleted (restored from the source)")
        elif is_answer_cell(cell):
            problems.append(f"answer cell {grade_id} was deleted (graded as the empty stub)")
        elif cell.cell_type == "code":
            problems.append(f"cell {grade_id} was deleted (restored from the release)")
    return problems


def definitions_only(source: str) -> str | None:
    """The cell's imports, functions and classes without its other top-level statements.

    None if the cell has nothing else (or does not parse): then there is nothing to keep.
    """
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    keep = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
    kept = [node for node in tree.body if isinstance(node, keep)]
    if not kept or len(kept) == len(tree.body):
        return None
    lines = source.splitlines()
    parts = []
    for node in kept:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        parts.append("\n".join(lines[start - 1:node.end_lineno]))
    return "\n".join(parts)


def _stub(reason: str) -> str:
    return (f"{NEUTRALIZED}: {reason}\n"
            f"raise RuntimeError({('The grader did not run this cell: ' + reason)!r})\n")


def find_cell(nb: nbformat.NotebookNode, mark: dict) -> int | None:
    """The index of the cell a progress mark (id, grade_id, source) names."""
    for key in ("grade_id", "id", "source"):
        value = mark.get(key)
        if not value:
            continue
        for index, cell in enumerate(nb.cells):
            got = nbgrader_meta(cell).get("grade_id") if key == "grade_id" else cell.get(key)
            if got == value:
                return index
    return None


def neutralize(nb: nbformat.NotebookNode, mark: dict, reason: str) -> str | None:
    """Replace the student cell to blame for `mark` (the cell that was running) in place.

    A test cell is never replaced (it is restored from the source anyway): its answer cell
    is, and if that was already done, every earlier student cell still running. Returns a
    description of what was replaced, or None when nothing is left to replace.
    """
    index = find_cell(nb, mark)
    if index is None:
        return None
    cell = nb.cells[index]
    targets = [index]
    if is_test_cell(cell) or mark.get("test"):
        answer = find_cell(nb, {"grade_id": nbgrader_meta(cell).get("grade_id", "")[5:]})
        if answer is not None and not nb.cells[answer].source.startswith(NEUTRALIZED):
            targets = [answer]
        else:
            targets = [i for i in range(index) if nb.cells[i].cell_type == "code"
                       and not is_test_cell(nb.cells[i]) and not nbgrader_meta(
                           nb.cells[i]).get("locked")
                       and not nb.cells[i].source.startswith(NEUTRALIZED)]
    names = []
    for i in targets:
        target = nb.cells[i]
        if target.source.startswith(NEUTRALIZED) or nbgrader_meta(target).get("locked"):
            continue
        name = nbgrader_meta(target).get("grade_id") or f"cell {i + 1}"
        # first try: keep the cell's functions, drop the statements that ran at top level
        defs = None if target.source.startswith(KEPT) else definitions_only(target.source)
        if defs is not None:
            target.source = f"{KEPT}: {reason}\n{defs}\n"
            names.append(f"the top-level statements of {name} (its functions were kept)")
        else:
            target.source = _stub(reason)
            names.append(name)
    return ", ".join(names) if names else None


def strip_hidden_tests(source: str) -> str:
    """A test cell's source with its hidden block replaced by one comment line."""
    out, hiding = [], False
    for line in source.splitlines():
        if line.strip() == HIDDEN_BEGIN:
            hiding = True
            out.append("# (hidden tests: not shown)")
        elif line.strip() == HIDDEN_END:
            hiding = False
        elif not hiding:
            out.append(line)
    return "\n".join(out)


def _code_runs(block: str) -> list[str]:
    """The runs of code in `block` between string literals, comments and line ends, without
    white space: what a printout of the source shows whatever its quoting."""
    import io
    import tokenize

    runs, current, row = [], [], 0
    breaks = (tokenize.STRING, tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)
    try:
        for token in tokenize.generate_tokens(io.StringIO(block).readline):
            if token.type in breaks or token.start[0] != row:
                runs.append("".join(current))
                current, row = [], token.start[0]
            if token.type not in (*breaks, tokenize.INDENT, tokenize.DEDENT):
                current.append(token.string)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return [re.sub(r"[\s\\'\"]", "", line) for line in block.splitlines()]
    return [*runs, "".join(current)]


def hidden_fingerprints(source: nbformat.NotebookNode, shortest: int = 16) -> set[str]:
    """What betrays the hidden tests' code in an output: each hidden line's code, without
    its strings (the messages the tests mean to show) and without white space."""
    prints = set()
    for cell in source.cells:
        if cell.cell_type != "code" or not is_test_cell(cell):
            continue
        block, hiding = [], False
        for line in cell.source.splitlines():
            if line.strip() == HIDDEN_BEGIN:
                hiding = True
            elif line.strip() == HIDDEN_END:
                hiding = False
            elif hiding:
                block.append(line)
        prints.update(c for c in _code_runs("\n".join(block) + "\n") if len(c) >= shortest)
    return prints


QUOTED = "[output removed by the grader: it quoted the hidden tests]\n"


def _output_texts(output: dict) -> list[str]:
    texts = [output.get("text", ""), output.get("evalue", ""), output.get("ename", "")]
    texts += output.get("traceback", []) or []
    for value in (output.get("data") or {}).values():
        texts.append(value if isinstance(value, str) else json.dumps(value))
    return [t if isinstance(t, str) else "".join(t) for t in texts]


def quotes_hidden_tests(output: dict, fingerprints: set[str]) -> bool:
    flat = re.sub(r"[\s\\'\"]", "", "".join(_output_texts(output)))
    return any(f in flat for f in fingerprints)


def feedback_copy(nb: nbformat.NotebookNode, fingerprints: set[str] = frozenset(),
                  notes: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """A graded notebook fit to return: no hidden test code, errors as one message line.

    Tracebacks are dropped from every test cell because IPython quotes the failing source
    lines (hidden ones included); the error's name and message stay. Any output of any cell
    that shows hidden test code (`fingerprints`, e.g. a printed `In` history) is replaced by
    a notice. `notes` (test grade_id -> text) are added under those test cells: what the
    grader's own check found.
    """
    nb = copy.deepcopy(nb)
    notes = notes or {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if nbgrader_meta(cell).get("grade"):
            cell.source = strip_hidden_tests(cell.source)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: "
                                           f"{output.get('evalue', '')}"]
        cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=QUOTED)
                        if quotes_hidden_tests(o, fingerprints) else o
                        for o in cell.get("outputs", [])]
        note = notes.get(nbgrader_meta(cell).get("grade_id"))
        if note:
            cell.outputs.append(nbformat.v4.new_output(
                "stream", name="stderr", text=f"The grader's own check of this question "
                f"failed (no points): {note}\n"))
    return nb
