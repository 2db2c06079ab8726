"""Answers that are the same code: a student's answer and the reference, or two students'.

Each answer cell's function (the one named after the cell's `grade_id`) is reduced to a
fingerprint of its normalised syntax tree (`ast`):

- the names of its arguments and local variables (and of functions, classes and loop
  variables defined inside it) are replaced by `_0`, `_1`, ... in order of first use;
  names from outside (`torch`, the other exercise functions, builtins), attributes
  (`.amax`) and keyword names (`dim=`) are kept, since they are what the code does;
- comments, docstrings and other lone strings, type annotations, formatting, blank lines
  and the spelling of literals (`1e-3` or `0.001`, `'a'` or `"a"`) make no difference.

So it catches a copy with its variables renamed, its comments rewritten and its lines
reflowed. It does not catch a copy whose statements were reordered, whose expressions were
rewritten (`a - b` as `-b + a`, a loop as a comprehension), that gained or lost a
statement, or that moved code into a helper function: those are different trees. Two
students who wrote the same short code on their own look identical to it, so answers whose
body holds fewer than `MIN_NODES` syntax-tree nodes are never compared (a body such as
`return x.T` has 5, `return logits / temperature` 7; the reference softmax of chapter 7,
three lines, has 42). An answer cell left as it was released is not compared either.

A match is a flag for the instructor to look at, never a change to the score.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from pixels_to_gpt_grader.course import is_answer_cell, nbgrader_meta

# Bodies smaller than this (counted in syntax-tree nodes) are never flagged: one-line
# answers that most students write the same way (5 nodes for `return x.T`).
MIN_NODES = 30

# Students named in one flag; more are counted ("and 12 more").
MAX_NAMED = 10

# The package module whose functions a chapter's exercise asks for again, where its name is
# not `pixels_to_gpt.<the slug without its chNN_>` (ch07_sampling -> pixels_to_gpt.sampling).
# (CONTRIBUTING.md's "Each chapter's parts" lists every module of a chapter.)
PACKAGE_MODULES: dict[str, str] = {"ch02_tokens": "pixels_to_gpt.bpe",
                                   "ch05_gpt": "pixels_to_gpt.gpt_by_hand",
                                   "ch06_training": "pixels_to_gpt.train"}

_MAGIC = re.compile(r"^\s*[%!]")


@dataclass(frozen=True)
class Fingerprint:
    """What two answers must share to count as the same code."""

    digest: str  # sha256 of the normalised tree
    nodes: int  # size of the function's body, in syntax-tree nodes

    def record(self) -> dict:
        return {"digest": self.digest, "nodes": self.nodes}


class _Locals(ast.NodeVisitor):
    """The names a function binds itself: arguments, assignments, inner definitions."""

    def __init__(self) -> None:
        self.bound: set[str] = set()
        self.outer: set[str] = set()  # declared `global` or `nonlocal`

    def visit_arg(self, node: ast.arg) -> None:
        self.bound.add(node.arg)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self.bound.add(node.id)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.bound.add(node.name)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.bound.add(node.name)
        self.generic_visit(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.bound.add(node.name)
        self.generic_visit(node)

    def visit_alias(self, node: ast.alias) -> None:  # `import x as y` inside the function
        self.bound.add(node.asname or node.name.split(".")[0])

    def visit_Global(self, node: ast.Global) -> None:
        self.outer.update(node.names)

    visit_Nonlocal = visit_Global


class _Canonical(ast.NodeTransformer):
    """Local names renamed in order of first use; docstrings and annotations dropped."""

    def __init__(self, local: set[str]) -> None:
        self.local = local
        self.names: dict[str, str] = {}

    def _name(self, name: str) -> str:
        if name not in self.local:
            return name
        return self.names.setdefault(name, f"_{len(self.names)}")

    def _body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        kept = [s for s in body if not (isinstance(s, ast.Expr)
                                        and isinstance(s.value, ast.Constant)
                                        and isinstance(s.value.value, str))]
        return kept or [ast.Pass()]

    def visit_FunctionDef(self, node):
        node.name = self._name(node.name)
        node.returns = None
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        node.args = self.visit(node.args)
        node.body = [self.visit(s) for s in self._body(node.body)]
        node.type_comment = None
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        node.name = self._name(node.name)
        self.generic_visit(node)
        node.body = self._body(node.body)
        return node

    def visit_arg(self, node):
        node.arg = self._name(node.arg)
        node.annotation = None
        node.type_comment = None
        return node

    def visit_Name(self, node):
        node.id = self._name(node.id)
        return node

    def visit_ExceptHandler(self, node):
        if node.name:
            node.name = self._name(node.name)
        self.generic_visit(node)
        return node

    def visit_alias(self, node):
        if node.asname or node.name.split(".")[0] in self.local:
            node.asname = self._name(node.asname or node.name.split(".")[0])
        return node

    def visit_Expr(self, node):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return ast.Pass()  # a lone string is a comment
        self.generic_visit(node)
        return node

    def visit_AnnAssign(self, node):
        if node.value is None:
            return None  # `x: int` alone does nothing
        return self.visit(ast.Assign(targets=[node.target], value=node.value))

    def visit_Constant(self, node):
        node.kind = None  # u'' and '' are one string
        return node


def _parse(source: str) -> ast.Module | None:
    for text in (source, "\n".join("" if _MAGIC.match(line) else line
                                   for line in source.splitlines())):
        try:
            return ast.parse(text)
        except (SyntaxError, ValueError):
            continue
    return None


def _find_function(tree: ast.Module, name: str) -> ast.FunctionDef | None:
    found = None
    for node in tree.body:  # the last definition is the one the tests call
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            found = node
    return found


def function_fingerprint(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Fingerprint:
    """The fingerprint of one function definition (the node is changed in place)."""
    finder = _Locals()
    finder.visit(function.args)
    for statement in function.body:
        finder.visit(statement)
    canonical = _Canonical(finder.bound - finder.outer)
    function = canonical.visit(function)
    nodes = sum(1 for statement in function.body for _ in ast.walk(statement))
    text = ast.dump(function, annotate_fields=False, include_attributes=False)
    return Fingerprint(hashlib.sha256(text.encode()).hexdigest(), nodes)


def fingerprint(source: str, name: str) -> Fingerprint | None:
    """The fingerprint of the function `name` defined in `source`; None without one.

    >>> a = fingerprint("def f(x):\\n    y = x * 2  # twice\\n    return y + 1", "f")
    >>> a == fingerprint("def f(v):\\n    '''Doc.'''\\n    w = v*2\\n    return w+1", "f")
    True
    """
    tree = _parse(source)
    function = _find_function(tree, name) if tree is not None else None
    return function_fingerprint(function) if function is not None else None


def answer_fingerprints(notebook) -> dict[str, dict]:
    """grade_id -> fingerprint record, for each answer cell of a notebook that defines its
    function (the cell's `grade_id`), as a result file keeps them."""
    found = {}
    for cell in notebook.cells:
        if not is_answer_cell(cell):
            continue
        grade_id = nbgrader_meta(cell).get("grade_id")
        print_ = fingerprint(cell.source, grade_id) if grade_id else None
        if print_ is not None:
            found[grade_id] = print_.record()
    return found


def package_module(assignment: str) -> str:
    """The package module that holds the course's own version of `assignment`'s functions."""
    slug = assignment.split("_", 1)[1] if "_" in assignment else assignment
    return PACKAGE_MODULES.get(assignment, f"pixels_to_gpt.{slug}")


def _module_source(module: str) -> str | None:
    """A module's source, read without importing (running) it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    try:
        return Path(spec.origin).read_text()
    except OSError:
        return None


def reference_fingerprints(source_notebooks: Iterable[Path], assignment: str
                           ) -> dict[str, list[tuple[str, Fingerprint]]]:
    """grade_id -> [(what it is, fingerprint)]: the solution of each answer cell in the
    course's source notebooks, and the package's own function of that name."""
    found: dict[str, list[tuple[str, Fingerprint]]] = {}
    module = package_module(assignment)
    module_tree = _parse(_module_source(module) or "")
    for path in source_notebooks:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            grade_id = nbgrader_meta(cell).get("grade_id")
            if not is_answer_cell(cell) or not grade_id:
                continue
            own = fingerprint(cell.source, grade_id)  # the markers are comments
            if own is not None:
                found.setdefault(grade_id, []).append(
                    (f"the reference answer in {path.parent.parent.name}/", own))
            function = _find_function(module_tree, grade_id) if module_tree else None
            if function is not None:
                found.setdefault(grade_id, []).append(
                    (f"the course's own {module}.{grade_id}", function_fingerprint(function)))
    return found


def release_fingerprints(release_notebooks: Iterable[Path]) -> dict[str, set[str]]:
    """grade_id -> the digest of the answer cell as released (the stub): students who left
    it as it was have not copied each other."""
    found: dict[str, set[str]] = {}
    for path in release_notebooks:
        for grade_id, record in answer_fingerprints(nbformat.read(path, as_version=4)).items():
            found.setdefault(grade_id, set()).add(record["digest"])
    return found


def same_code(answers: dict[str, dict[str, dict]],
              references: dict[str, list[tuple[str, Fingerprint]]] | None = None,
              min_nodes: int = MIN_NODES,
              released: dict[str, set[str]] | None = None) -> dict[str, list[str]]:
    """student -> one line per answer that is the same code as a reference or another's.

    `answers`: student -> grade_id -> fingerprint record (`answer_fingerprints`); an answer
    left as released (`released`) or smaller than `min_nodes` is not compared. Students
    who share an answer are named (up to `MAX_NAMED`); where that answer is the reference,
    they are only counted, since each of them is flagged as the reference's copy.
    """
    references, released = references or {}, released or {}

    def compared(grade_id: str, record: dict) -> bool:
        return (record.get("nodes", 0) >= min_nodes and bool(record.get("digest"))
                and record["digest"] not in released.get(grade_id, ()))

    by_digest: dict[tuple[str, str], list[str]] = {}
    for student, prints in answers.items():
        for grade_id, record in (prints or {}).items():
            if compared(grade_id, record):
                by_digest.setdefault((grade_id, record["digest"]), []).append(student)
    flags: dict[str, list[str]] = {}
    for student, prints in sorted(answers.items()):
        for grade_id, record in sorted((prints or {}).items()):
            if not compared(grade_id, record):
                continue
            what = [label for label, ref in references.get(grade_id, [])
                    if ref.digest == record["digest"]]
            others = sorted(s for s in by_digest[(grade_id, record["digest"])]
                            if s != student)
            if others and what:  # copies of the reference: the others only counted
                what[-1] += (" (as is 1 other student's answer)" if len(others) == 1 else
                             f" (as are {len(others)} other students' answers)")
            elif others:
                shown = others[:MAX_NAMED] + ([f"{len(others) - MAX_NAMED} more"]
                                              if len(others) > MAX_NAMED else [])
                what.append("the answer of " + ", ".join(shown))
            if what:
                flags.setdefault(student, []).append(
                    f"{grade_id}: the same code as {' and as '.join(what)}")
    return flags
