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
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

_SECTION = re.compile(r"^# %% (\w+)\s*$", re.MULTILINE)


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


def load_variant(path: Path) -> Variant:
    text = path.read_text()
    sections = _SECTION.split(text)
    header, rest = sections[0], sections[1:]
    if not rest:
        raise ValueError(f"{path}: no '# %% <grade_id>' section")
    description = ast.get_docstring(ast.parse(header)) or ""
    if not description:
        raise ValueError(f"{path}: start with a docstring that says what the variant does")
    answers = {rest[i]: rest[i + 1].strip("\n") + "\n" for i in range(0, len(rest), 2)}
    messages = re.findall(r"^# message: (.+)$", header, re.MULTILINE)
    tampering = bool(re.search(r"^# expect: tampering\s*$", header, re.MULTILINE))
    rule_only = bool(re.search(r"^# outside: rule\s*$", header, re.MULTILINE))
    return Variant(path.stem, path.parent.name, description, answers, messages, tampering,
                   rule_only)


def load_catalogue(folder: Path) -> list[Variant]:
    """Every variant under folder/wrong and folder/correct, sorted by kind and name."""
    return [load_variant(p) for kind in ("wrong", "correct")
            for p in sorted((folder / kind).glob("*.py"))]
