"""A static look at a submission's own code for attempts to fool the tests.

Hidden tests defend themselves (`guard.check_untampered()` and friends), but a student can
always find something new to replace in their own kernel. So, before grading, every code
cell the student wrote is read (never run) and anything that reaches into the machinery that
checks it is reported to the instructor by cell and line: assignments to torch, builtins or
the course's grading helpers, IPython hooks (`set_custom_exc`, input or AST transformers,
event callbacks), tracing hooks, exiting the process, signal handlers, ctypes, and reads of
files outside the notebook's folder. A flag is not a verdict: it asks a person to look.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from pixels_to_gpt_grader.course import is_test_cell, nbgrader_meta

# Modules whose attributes a notebook has no business replacing.
PROTECTED_ROOTS = {"torch", "builtins", "__builtins__", "pixels_to_gpt", "pixels_to_gpt_grader",
                   "guard", "math",
                   "numpy", "np", "F", "nn", "sys", "os", "IPython", "unittest", "pytest"}
IPYTHON_HOOKS = {"set_custom_exc", "input_transformers_post", "input_transformers_cleanup",
                 "ast_transformers", "register", "set_hook", "showtraceback",
                 "_showtraceback", "run_cell", "run_cell_async", "events", "ex",
                 "register_magic_function", "push"}
KERNEL_HOOKS = {"set_custom_exc", "input_transformers_post", "input_transformers_cleanup",
                "ast_transformers", "showtraceback", "_showtraceback", "set_hook",
                "register_magic_function", "excepthook", "displayhook"}
SUSPICIOUS_CALLS = {
    "sys.settrace": "installs a tracing hook", "sys.setprofile": "installs a profiling hook",
    "threading.settrace": "installs a tracing hook", "os._exit": "ends the Python process",
    "os.kill": "sends signals to processes", "signal.signal": "replaces a signal handler",
    "sys.exit": "exits the kernel", "exit": "exits the kernel", "quit": "exits the kernel",
    "gc.get_referrers": "searches the interpreter's objects",
    "gc.get_objects": "searches the interpreter's objects",
    "sys.addaudithook": "installs an audit hook",
    "os.system": "runs shell commands", "subprocess.run": "runs programs",
    "subprocess.Popen": "runs programs", "ctypes.CDLL": "loads native code",
}
SUSPICIOUS_IMPORTS = {"ctypes": "native code", "gc": "interpreter internals",
                      "inspect": "reads other code", "unittest.mock": "mocking",
                      "pixels_to_gpt.grading": "the course's grading helpers",
                      "pixels_to_gpt_grader": "the grading tool",
                      "socket": "networking", "urllib": "networking", "requests": "networking",
                      "subprocess": "running programs", "signal": "signal handlers",
                      "importlib": "reloading modules", "sys": None, "os": None}


@dataclass(frozen=True)
class Finding:
    cell: str  # the cell's grade_id, or "cell N"
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.cell} line {self.line}: {self.what}"


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):  # get_ipython().set_custom_exc
        inner = _dotted(node.func)
        if inner:
            parts.append(inner + "()")
            return ".".join(reversed(parts))
    return None


class _Visitor(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []

    def note(self, node: ast.AST, what: str) -> None:
        self.found.append((getattr(node, "lineno", 0), what))

    def _target(self, target: ast.AST, node: ast.AST) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for t in target.elts:
                self._target(t, node)
            return
        if isinstance(target, ast.Subscript):
            name = _dotted(target.value) or ""
            if name.split(".")[0] in {"__builtins__", "builtins"} or name.endswith(
                    ("__dict__", "sys.modules")):
                self.note(node, f"assigns into {name}[...]")
            return
        name = _dotted(target)
        if name is None:
            return
        root = name.split(".")[0]
        if "." in name and (root in PROTECTED_ROOTS or name.split(".")[-1] in IPYTHON_HOOKS
                            or root.startswith("get_ipython")):
            self.note(node, f"replaces {name}")
        elif name in {"AssertionError", "print", "isinstance", "all", "any", "abs", "len",
                      "float", "int", "bool", "getattr", "type", "get_ipython", "__import__"}:
            self.note(node, f"rebinds the built-in name {name}")
        elif name.endswith(("__code__", "__class__", "__globals__")):
            self.note(node, f"replaces {name}")

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._target(target, node)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target, node)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._target(node.target, node)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            name = _dotted(target)
            if name and name.split(".")[0] in PROTECTED_ROOTS:
                self.note(node, f"deletes {name}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _dotted(node.func) or ""
        last = name.split(".")[-1]
        if name in SUSPICIOUS_CALLS:
            self.note(node, f"calls {name} ({SUSPICIOUS_CALLS[name]})")
        elif "get_ipython()" in name and (last in IPYTHON_HOOKS or "events" in name):
            self.note(node, f"calls {name} (changes how the kernel runs or reports cells)")
        elif last in {"setattr", "__setattr__", "patch"} and node.args:
            owner = _dotted(node.args[0]) or ""
            if owner.split(".")[0] in PROTECTED_ROOTS:
                self.note(node, f"calls {name} on {owner}")
        elif name in {"open", "io.open", "pathlib.Path", "Path"} and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and (
                    arg.value.startswith(("/", "..", "~"))):
                self.note(node, f"opens {arg.value!r} outside the notebook's folder")
        elif name in {"exec", "eval", "compile", "__import__"}:
            self.note(node, f"calls {name} (code the scan cannot read)")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        # reached through any alias of the shell: `ip = get_ipython(); ip.events.register(...)`
        if node.attr in KERNEL_HOOKS or (node.attr == "register" and isinstance(
                node.value, ast.Attribute) and node.value.attr == "events"):
            self.note(node, f"uses {_dotted(node) or node.attr} (an IPython hook)")
        self.generic_visit(node)

    def _import(self, node: ast.AST, module: str) -> None:
        for prefix, why in SUSPICIOUS_IMPORTS.items():
            if why and (module == prefix or module.startswith(prefix + ".")):
                self.note(node, f"imports {module} ({why})")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._import(node, alias.name)
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self._import(node, node.module or "")
        self.generic_visit(node)


def _python_source(source: str) -> str:
    """Cell source with IPython syntax (magics, !shell) turned into plain Python."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:  # fall back to the raw text
        return source


def scan_source(source: str, cell: str) -> list[Finding]:
    code = _python_source(source)
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        return [Finding(cell, error.lineno or 0, "does not parse (syntax error): not scanned")]
    visitor = _Visitor()
    visitor.visit(tree)
    if "get_ipython()." in code and "run_line_magic" in code and (
            "%load_ext" in source or "load_ext" in code):
        visitor.found.append((0, "loads an IPython extension"))
    return [Finding(cell, line, what) for line, what in sorted(set(visitor.found))]


def scan_notebook(nb) -> list[Finding]:
    """Findings in every code cell but the test cells (nbgrader restores those).

    Cells marked locked are scanned too: the mark is the student's file's word, and a
    student can set it on any cell (the course's own set-up cells raise no finding).
    """
    findings = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or is_test_cell(cell):
            continue
        name = nbgrader_meta(cell).get("grade_id") or f"cell {index + 1}"
        findings.extend(scan_source(cell.source, name))
    return findings
