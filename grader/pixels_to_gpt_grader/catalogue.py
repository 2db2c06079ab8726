"""Catalogues of wrong and correct answers that prove an assignment's tests are honest.

Each variant is a small Python file in `tests/catalogue/<assignment>/{wrong,correct}/`:

    \"\"\"softmax without subtracting the maximum: exp(1000.) is inf, and inf / inf is nan.\"\"\"
    # message: subtract the row's maximum
    # %% softmax
    def softmax(logits, dim=-1):
        exps = torch.exp(logits)
        return exps / exps.sum(dim=dim, keepdim=True)

The docstring says what the variant gets wrong (or how it is written differently). Each
`# %% <grade_id>` starts the answer for that answer cell; cells not named keep the reference
answer. Header lines before the first `# %%`:

- `# message: TEXT`: the failure output of the variant's own question must contain TEXT;
- `# expect: tampering`: the variant tampers with the kernel, so later questions may lose
  points too (it must still lose its own);
- `# outside: rule`: the variant breaks a rule only the hidden tests can see (it calls
  `torch.softmax`, say) while its values are right, so the grader's own check outside the
  kernel (`verdict.py`) passes it; every other wrong variant must fail that check too.

A wrong variant must lose points on the question of every cell it replaces (`test_<id>`) and
keep full marks everywhere else; a correct variant must get full marks.

Most wrong variants are the reference answer with one slip, so a section may say only the
slip, as changes to the reference (the answer cell's solution in `solutions/`):

    # %% generate
    # changes to the reference:
    # - next_id = sample_next_token(logits, temperature, top_k, top_p, generator)
    # + next_id = sample_next_token(logits, temperature, top_k, top_p, None)

Each run of `# - ` lines must stand exactly once in the reference (compared without their
indentation, after the previous change); the `# + ` lines after it replace it, indented like
its first line (spaces after `# + ` indent further). A run with no `# + ` line is deleted.
Variants that share most of their lines are written as changes to one of them, which is
written out in full: `# changes to wrong/generate_drops_generator:` (its section of the same
name, which must not itself be written as changes).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

_SECTION = re.compile(r"^# %% (\w+)\s*$", re.MULTILINE)
CHANGES = "# changes to the reference:"
_CHANGES_TO = re.compile(r"# changes to (the reference|(?:wrong|correct)/\w+):\n?")


@dataclass
class Variant:
    name: str
    kind: str  # "wrong" or "correct"
    description: str
    answers: dict[str, str]
    messages: list[str] = field(default_factory=list)
    tampering: bool = False
    rule_only: bool = False

    @property
    def questions(self) -> list[str]:
        return [f"test_{grade_id}" for grade_id in self.answers]


def apply_changes(reference: str, changes: str, where: str = "") -> str:
    """`reference` with the `# - ` / `# + ` changes applied (see the module's docstring)."""
    lines = reference.splitlines()
    hunks: list[tuple[list[str], list[str]]] = []
    for line in changes.splitlines():
        if not line.strip():
            continue
        mark, text = line[:4], line[4:]
        if line in ("# -", "# +"):
            mark, text = line + " ", ""
        if mark == "# - ":
            if not hunks or hunks[-1][1]:
                hunks.append(([], []))
            hunks[-1][0].append(text.strip())
        elif mark == "# + " and hunks:
            hunks[-1][1].append(text)
        else:
            raise ValueError(f"{where}: a change is a '# - ' or '# + ' line, got {line!r}")
    start = 0
    for removed, added in hunks:
        found = [i for i in range(start, len(lines) - len(removed) + 1)
                 if [ln.strip() for ln in lines[i:i + len(removed)]] == removed]
        if len(found) != 1:
            raise ValueError(f"{where}: {removed[0]!r} stands {len(found)} times in the "
                             "reference (after the previous change), not once")
        i = found[0]
        indent = lines[i][:len(lines[i]) - len(lines[i].lstrip())]
        new = [indent + text if text else "" for text in added]
        lines[i:i + len(removed)] = new
        start = i + len(new)
    return "\n".join(lines).strip("\n") + "\n"


def reference_answers(assignment_folder: Path) -> dict[str, str]:
    """grade_id -> the reference answer of the assignment whose catalogue is the folder
    (`tests/catalogue/<assignment>`, beside `solutions/<assignment>/`)."""
    import nbformat

    from pixels_to_gpt_grader.course import is_answer_cell, nbgrader_meta, strip_solution_markers

    solutions = assignment_folder.resolve().parents[2] / "solutions" / assignment_folder.name
    answers = {}
    for path in sorted(solutions.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if is_answer_cell(cell):
                answers[nbgrader_meta(cell)["grade_id"]] = strip_solution_markers(cell.source)
    return answers


def _full_section(path: Path, grade_id: str) -> str | None:
    """The section `grade_id` of another variant, if it is written out in full."""
    if not path.is_file():
        return None
    parts = _SECTION.split(path.read_text())
    sections = dict(zip(parts[1::2], parts[2::2], strict=True))
    body = sections.get(grade_id, "").strip("\n")
    return None if not body or _CHANGES_TO.match(body) else body


def load_variant(path: Path, reference: dict[str, str] | None = None) -> Variant:
    """One variant; `reference` (grade_id -> answer) for sections written as changes, read
    from the assignment's solutions when not given."""
    text = path.read_text()
    sections = _SECTION.split(text)
    header, rest = sections[0], sections[1:]
    if not rest:
        raise ValueError(f"{path}: no '# %% <grade_id>' section")
    description = ast.get_docstring(ast.parse(header)) or ""
    if not description:
        raise ValueError(f"{path}: start with a docstring that says what the variant does")
    answers = {}
    for grade_id, body in zip(rest[::2], rest[1::2], strict=True):
        body = body.strip("\n")
        changes = _CHANGES_TO.match(body)
        if changes:
            base = changes.group(1)
            if base == "the reference":
                if reference is None:
                    reference = reference_answers(path.parent.parent)
                original = reference.get(grade_id)
            else:
                original = _full_section(path.parent.parent / f"{base}.py", grade_id)
            if original is None:
                raise ValueError(f"{path}: {base} has no answer {grade_id!r} written in full")
            body = apply_changes(original, body[changes.end():], f"{path}:{grade_id}")
        answers[grade_id] = body.strip("\n") + "\n"
    messages = re.findall(r"^# message: (.+)$", header, re.MULTILINE)
    tampering = bool(re.search(r"^# expect: tampering\s*$", header, re.MULTILINE))
    rule_only = bool(re.search(r"^# outside: rule\s*$", header, re.MULTILINE))
    return Variant(path.stem, path.parent.name, description, answers, messages, tampering,
                   rule_only)


def load_catalogue(folder: Path) -> list[Variant]:
    """Every variant under folder/wrong and folder/correct, sorted by kind and name."""
    paths = [p for kind in ("wrong", "correct") for p in sorted((folder / kind).glob("*.py"))]
    reference = None
    if any(CHANGES in p.read_text() for p in paths):  # read once for every variant
        reference = reference_answers(folder)
    return [load_variant(p, reference) for p in paths]
