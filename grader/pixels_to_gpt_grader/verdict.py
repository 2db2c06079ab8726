"""The grader's own check, decided outside the student's process.

Hidden tests run in the student's kernel, after the student's code: whatever they conclude,
code in that process can forge (replace the kernel's messages, a builtin, the test helpers).
So the grade of each question is also decided here, in the grading process:

1. `plan()` lists, for each question, inputs (Python expressions, some drawn from a seed
   chosen for this submission, so that no answer can be written for them in advance);
2. `recorder.py` runs the student's code cells in the sandbox, without the course's package,
   and records what the student's function returns on them (`record_in_sandbox`);
3. `judge()` computes the expected values here, with the course's reference functions on
   the same inputs, and compares.

A question's points are then the lower of this check's and the hidden tests'
(`combine`): a kernel that reports a pass this check refutes is flagged as tampering.

Each assignment describes its questions in `grader/pixels_to_gpt_grader/checks/<assignment>.py`
(`CHECKS`, an `Assignment`).
"""

from __future__ import annotations

import importlib
import inspect
import json
import math
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import nbformat

from pixels_to_gpt_grader import recorder
from pixels_to_gpt_grader.course import is_test_cell, nbgrader_meta

RECORDER = Path(recorder.__file__)


@dataclass(frozen=True)
class Case:
    """One call of the student's function: `function(*args, **kwargs)`.

    `args` and `kwargs` are Python expressions evaluated with `torch`, `SEED` and the
    assignment's fixtures in scope. `compare`: "close" (same type, shape and dtype, values
    within rtol/atol, infinities exact), "exact", "shape" (a tensor of the same dtype and
    shape: random draws, judged by the question's `judge`), or "raises" (the same exception
    type as the reference). `says` describes the case for the student's message.
    """

    id: str
    args: str
    says: str
    kwargs: str = "{}"
    compare: str = "close"
    rtol: float = 1e-4
    atol: float = 1e-6
    inputs_unchanged: bool = True


Records = dict[str, dict]  # case id -> record (see recorder.encode)


@dataclass(frozen=True)
class Question:
    """A test cell (`test`) and the student's function it grades, with its cases.

    `needs`: the other graded functions this one calls; correct versions of them (the
    reference's source) replace the student's while this question is checked, so a mistake
    there costs points only on its own question. `judge`, if given, compares all records at
    once, for what no single case shows (draws that follow a distribution, a seed that
    reproduces): it returns a message for the student, or None. `fresh`: the function must
    return a new object, never its argument itself.

    `driver`, the name of a fixture, is called as `driver(function, *args, **kwargs)` in
    place of the function itself: for a class, or a function whose effect is what counts
    (the driver builds the objects, runs them, and returns what to compare). `reference`
    names the expected side's function as "module:name" when it is not the function of the
    same name in the assignment's reference module.
    """

    test: str
    function: str
    cases: tuple[Case, ...]
    needs: tuple[str, ...] = ()
    judge: Callable[[Records, Records], str | None] | None = None
    fresh: bool = False
    driver: str | None = None
    reference: str | None = None

    def reference_function(self, module: str):
        module, _, name = (self.reference or f"{module}:{self.function}").partition(":")
        return getattr(importlib.import_module(module), name or self.function)


@dataclass(frozen=True)
class Assignment:
    reference: str  # the module holding the reference functions, e.g. pixels_to_gpt.sampling
    questions: tuple[Question, ...]
    prelude: str = "import math\nimport torch\nimport torch.nn.functional as F\n"
    fixtures: str = ""  # classes and helpers the cases' expressions use (models, ...)
    timeout: float = 30.0  # seconds per question


def checks_for(assignment: str) -> Assignment | None:
    """The assignment's outside checks, or None when it has none."""
    try:
        module = importlib.import_module(f"pixels_to_gpt_grader.checks.{assignment}")
    except ModuleNotFoundError as error:
        if error.name and error.name.endswith(assignment):
            return None
        raise
    return module.CHECKS


# ------------------------------------------------------------------------------- the plan
def student_cells(nb: nbformat.NotebookNode) -> list[str]:
    """The code the student could have written: every code cell but test and locked ones."""
    return [c.source for c in nb.cells if c.cell_type == "code" and not is_test_cell(c)
            and not nbgrader_meta(c).get("locked")]


def _helpers_source(checks: Assignment, names: tuple[str, ...]) -> str:
    """The source of correct versions of `names` ("name" in the assignment's reference
    module, or "module:name")."""
    parts = ["from __future__ import annotations"]
    for name in names:
        module, _, attr = (name if ":" in name else f"{checks.reference}:{name}").partition(":")
        parts.append(inspect.getsource(getattr(importlib.import_module(module), attr)))
    return "\n\n".join(parts) + "\n"


def plan(checks: Assignment, notebooks: dict[str, nbformat.NotebookNode],
         seed: int | None = None, sandboxed: bool = True) -> dict:
    """What `recorder.py` is asked to do for these notebooks (name -> notebook)."""
    seed = secrets.randbelow(2**31) if seed is None else seed
    return {
        "seed": seed, "seccomp": sandboxed, "timeout": checks.timeout,
        "prelude": checks.prelude, "fixtures": checks.fixtures,
        "submissions": {name: student_cells(nb) for name, nb in notebooks.items()},
        "questions": [{"question": q.test, "function": q.function, "driver": q.driver,
                       "inject": _helpers_source(checks, q.needs) if q.needs else "",
                       "cases": [{"id": c.id, "args": c.args, "kwargs": c.kwargs}
                                 for c in q.cases]} for q in checks.questions],
    }


# ------------------------------------------------------------------ running the recorder
def record_in_sandbox(the_plan: dict, limits=None, sandbox: bool = True,
                      timeout: float = 600) -> dict:
    """Run `recorder.py` on the plan, contained like a grading kernel; its records."""
    from pixels_to_gpt_grader.sandbox import (
        Limits,
        bwrap_command,
        package_dirs,
        python_dirs,
        set_limits,
    )

    limits = limits or Limits()
    with tempfile.TemporaryDirectory(prefix="p2g-check-") as tmp:
        work = Path(tmp)
        shutil.copy(RECORDER, work / "recorder.py")
        (work / "plan.json").write_text(json.dumps(the_plan))
        command = [sys.executable, "-I", str(work / "recorder.py"), str(work / "plan.json")]
        env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(work),
               "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        if sandbox:
            command = bwrap_command(command, str(work), writable=[], readable=[
                *python_dirs(), str(work)], hidden=package_dirs())
            env["HOME"] = "/tmp/home"
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, env=env,
                                  cwd=work, preexec_fn=lambda: set_limits(limits))
        except subprocess.TimeoutExpired:
            return {"error": f"the grader's check did not finish within {timeout:g} s"}
        if len(done.stdout) > 64 * 2**20:
            return {"error": "the grader's check answered more than it accepts"}
        try:
            return json.loads(done.stdout)
        except ValueError:
            tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
            return {"error": "the grader's check could not run: " + " | ".join(tail)}


def expected_records(checks: Assignment, the_plan: dict) -> dict[str, Records]:
    """The reference's records on the plan's inputs, computed here (trusted code only)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as in the sandbox's children: the same last bits, and fast
    try:
        return _expected_records(checks, the_plan)
    finally:
        torch.set_num_threads(threads)


def _expected_records(checks: Assignment, the_plan: dict) -> dict[str, Records]:
    import torch

    fixtures = {"torch": torch, "SEED": the_plan["seed"]}
    exec(compile(checks.fixtures, "<grader fixtures>", "exec"), fixtures)
    out = {}
    for question in checks.questions:
        function = question.reference_function(checks.reference)
        if question.driver:
            function = partial(fixtures[question.driver], function)
        records = {}
        for index, case in enumerate(question.cases):
            args = tuple(eval(case.args, fixtures))  # the course's own text
            kwargs = dict(eval(case.kwargs, fixtures))
            torch.default_generator.manual_seed(the_plan["seed"] % 2**31 + index)
            before = recorder.versions(list(args))
            try:
                record = {"result": recorder.encode(function(*args, **kwargs))}
            except Exception as error:  # an expected error is a record too
                record = {"raised": type(error).__name__}
            record["inputs"] = recorder.encode(list(args), digest_above=256)
            record["writes"] = recorder.written(list(args), before)
            records[case.id] = record
        out[question.test] = records
    return out


# ----------------------------------------------------------------------------- judging
def _describe(encoded: dict | None) -> str:
    if not encoded:
        return "nothing"
    if "tensor" in encoded:
        values = encoded.get("values", [])
        shown = ", ".join(f"{v:.4g}" if isinstance(v, float) else str(v) for v in values[:6])
        more = ", ..." if len(values) > 6 else ""
        return f"a {encoded['tensor']} tensor of shape {tuple(encoded['shape'])}: [{shown}{more}]"
    if encoded.get("py") in ("list", "tuple", "dict"):
        return f"a {encoded['py']} of {len(encoded.get('items', []))} items"
    if "value" in encoded:
        return f"{encoded['py']} {encoded['value']!r}"
    return f"an object of type {encoded.get('type', encoded.get('py'))}"


def _first_difference(got, want: dict, case: Case, path: str = "") -> str | None:
    """Where two encoded values first differ, in words: "item 1: value 7 is 0.5, not 0.25"."""
    if not isinstance(got, dict):
        return None
    if "items" in want and isinstance(got.get("items"), list):
        exact = case.compare == "exact"
        for i, (g, w) in enumerate(zip(got["items"], want["items"], strict=False)):
            if want["py"] == "dict":  # [key, value] pairs
                if not (isinstance(g, list) and len(g) == 2 and same(g[0], w[0], True)):
                    return f"{path}entry {i} has another key"
                g, w, label = g[1], w[1], f"{path}the value of {w[0].get('value')!r}"
            else:
                label = f"{path}item {i}"
            if not same(g, w, exact, case.rtol, case.atol):
                inner = _first_difference(g, w, case)
                return f"{label}: {inner}" if inner else f"{label} is {_describe(g)}"
        return None
    values, wanted = got.get("values"), want.get("values")
    if "tensor" in want and isinstance(values, list) and wanted is not None and len(
            values) == len(wanted) and got.get("tensor") == want["tensor"]:
        for i, (g, w) in enumerate(zip(values, wanted, strict=True)):
            if not _close(g, w, case.rtol, case.atol) or (case.compare == "exact" and g != w):
                return f"value {i} (in row-major order) is {g!r}, not {w!r}"
    return None


def _close(a: float, b: float, rtol: float, atol: float) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return a == b
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= atol + rtol * abs(b)


def same(got: dict | None, want: dict, exact: bool = False, rtol: float = 1e-4,
         atol: float = 1e-6) -> bool:
    """Whether two encoded values agree: type, dtype and shape exactly, values closely."""
    if not isinstance(got, dict):
        return False
    if "tensor" in want:
        if got.get("tensor") != want["tensor"] or got.get("shape") != want["shape"]:
            return False
        if "sha256" in want:
            return got.get("sha256") == want["sha256"]
        values = got.get("values")
        if not isinstance(values, list) or len(values) != len(want["values"]):
            return False
        if exact:
            return all(g == w or (g != g and w != w) for g, w in zip(values, want["values"],
                                                                   strict=True))
        return all(_close(g, w, rtol, atol) for g, w in zip(values, want["values"],
                                                            strict=True))
    if got.get("py") != want.get("py"):
        return False
    if "items" in want:
        items_got, items_want = got.get("items", []), want["items"]
        if len(items_got) != len(items_want):
            return False
        if want["py"] == "dict":
            return all(same(gk, wk, True) and same(gv, wv, exact, rtol, atol)
                       for (gk, gv), (wk, wv) in zip(items_got, items_want, strict=True))
        return all(same(g, w, exact, rtol, atol) for g, w in zip(items_got, items_want,
                                                                  strict=True))
    if "value" in want:
        if exact or not isinstance(want["value"], float):
            return got.get("value") == want["value"]
        return _close(got.get("value"), want["value"], rtol, atol)
    return got == want


def _wrote(got, want: list[int]) -> bool:
    """Whether the student's call wrote into an input tensor that the reference's did not
    (torch's write counters; a missing or malformed record counts as a write)."""
    if not isinstance(got, list) or len(got) != len(want):
        return True
    return any(g != 0 and w == 0 for g, w in zip(got, want, strict=True))


def judge_case(case: Case, got: dict | None, want: dict, function: str,
               fresh: bool = False) -> str | None:
    """A message for the student when the record `got` is wrong, else None."""
    if got is None:
        return f"{function}: the grader's check got no answer for {case.says}"
    if case.compare == "raises":
        if got.get("raised") != want.get("raised"):
            did = (f"raised {got['raised']}" if "raised" in got
                   else f"returned {_describe(got.get('result'))}")
            return f"{function}({case.says}) must raise {want.get('raised')}, but it {did}"
        return None
    if "raised" in want:
        raise ValueError(f"the reference raised {want['raised']} on {case.id}: fix the check")
    if "raised" in got:
        return f"{function}({case.says}) raised {got['raised']}: {got.get('message', '')}"
    result, expected = got.get("result"), want["result"]
    if case.compare == "shape":
        right = isinstance(result, dict) and all(
            result.get(k) == expected.get(k) for k in ("tensor", "shape"))
    else:
        right = same(result, expected, case.compare == "exact", case.rtol, case.atol)
    if not right:
        where = _first_difference(result, expected, case)
        return (f"{function}({case.says}) returned {_describe(result)}; "
                f"expected {_describe(expected)}" + (f" ({where})" if where else ""))
    if fresh and got.get("is_input"):
        return f"{function}({case.says}) returned its input itself: return a new tensor"
    if case.inputs_unchanged and (
            not same(got.get("inputs"), want["inputs"], exact=True)
            or _wrote(got.get("writes"), want.get("writes", []))):
        return f"{function}({case.says}) changed its input in place: return a new tensor"
    return None


@dataclass
class Verdict:
    """The outside check's findings for one submission: test grade_id -> message or None."""

    failures: dict[str, str | None] = field(default_factory=dict)
    error: str | None = None  # the check as a whole could not run

    def passed(self, test: str) -> bool | None:
        """True or False for a question this check judged; None for one it did not."""
        if test not in self.failures:
            return None if self.error is None else False
        return self.failures[test] is None


def judge(checks: Assignment, records: dict, expected: dict[str, Records]) -> Verdict:
    if "error" in records and not any(q.test in records for q in checks.questions):
        message = f"the grader's own check could not run ({records['error']})"
        return Verdict({q.test: message for q in checks.questions}, error=message)
    verdict = Verdict()
    for question in checks.questions:
        got = records.get(question.test) or {"error": "no answer"}
        if "error" in got:
            verdict.failures[question.test] = (
                f"{question.function}: the grader's own check could not run your code "
                f"({got['error']})")
            continue
        message = None
        if not isinstance(got.get("records"), dict):
            got = {"records": {}}
        for case in question.cases:
            message = judge_case(case, got["records"].get(case.id),
                                 expected[question.test][case.id], question.function,
                                 question.fresh)
            if message:
                break
        if message is None and question.judge is not None:
            try:
                message = question.judge(got["records"], expected[question.test])
            except (KeyError, TypeError, ValueError, AttributeError):  # a malformed record
                message = f"{question.function}: the grader's own check could not read its answers"
        verdict.failures[question.test] = message
    return verdict


def check_notebooks(assignment: str, notebooks: dict[str, nbformat.NotebookNode],
                    sandbox: bool = True, limits=None, seed: int | None = None,
                    timeout: float = 600) -> dict[str, Verdict] | None:
    """The outside check of each notebook (name -> Verdict), or None when the assignment
    has no checks. All notebooks share one recorder run and one seed."""
    checks = checks_for(assignment)
    if checks is None:
        return None
    the_plan = plan(checks, notebooks, seed=seed, sandboxed=sandbox)
    records = record_in_sandbox(the_plan, limits=limits, sandbox=sandbox, timeout=timeout)
    expected = expected_records(checks, the_plan)
    return {name: judge(checks, records.get(name, records) if "error" not in records
                        else records, expected) for name in notebooks}


def check_notebook(assignment: str, nb: nbformat.NotebookNode, **options) -> Verdict | None:
    """The outside check of one notebook, or None when the assignment has none."""
    verdicts = check_notebooks(assignment, {"submission": nb}, **options)
    return None if verdicts is None else verdicts["submission"]


def combine(kernel: dict[str, dict], verdict: Verdict | None) -> tuple[dict, list[str],
                                                                      dict[str, str]]:
    """Final scores: the lower of the kernel's and the outside check's, per question.

    `kernel` maps test grade_id -> {"auto_score", "max_score", ...} (nbgrader's). Returns
    the updated scores, flags for the instructor (a pass in the kernel that this check
    refutes) and the messages of every question this check failed.
    """
    scores = {name: dict(grade) for name, grade in kernel.items()}
    flags, messages = [], {}
    if verdict is None:
        return scores, flags, messages
    for name, grade in scores.items():
        passed = verdict.passed(name)
        if passed is None or passed:
            continue
        messages[name] = verdict.failures.get(name) or verdict.error or "failed"
        score = grade.get("auto_score")
        if score is not None and score > 0:
            if grade.get("max_score") is not None and score >= grade["max_score"]:
                flags.append(f"tampering? {name}: the hidden tests in the kernel passed, but "
                             f"the grader's own check outside it refutes that: "
                             f"{messages[name]}")
            grade["auto_score"] = 0.0
    return scores, flags, messages

