"""Grades no submission can forge or loot: attacks from the student's own kernel.

Each attack below broke grading once (issue 13). Whatever a notebook does to its kernel
(the kernel's messages, a builtin, the test helpers, IPython's input), the grade also comes
from the grader's own check outside it (`verdict.py`), which takes the points of a wrong or
empty answer and flags the pass the kernel reported. Nothing the student's code makes
leaves the sandbox: no file, no link, no quoted hidden test in the feedback, nothing for the
next student. One worker grades the whole class here, as the grade command's workers do.
"""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

import nbformat
import pytest
from course_root import REPO, needs_bwrap

from pixels_to_gpt_grader.catalogue import load_variant
from pixels_to_gpt_grader.course import Course, nbgrader_meta
from pixels_to_gpt_grader.notebooks import hidden_fingerprints, quotes_hidden_tests
from pixels_to_gpt_grader.sandbox import Limits

ASSIGNMENT = "ch07_sampling"
CATALOGUE = REPO / "tests" / "catalogue" / ASSIGNMENT
STUBS = "# YOUR CODE HERE\nraise NotImplementedError()"
QUESTIONS = ("softmax", "apply_temperature", "top_k_filter", "top_p_filter",
             "sample_next_token", "generate")

pytestmark = pytest.mark.slow

# The kernel answers every failed cell with "ok" and drops the error outputs.
LYING_KERNEL = '''
_session = get_ipython().kernel.session
_send = _session.send
def _lie(stream, msg_or_type, content=None, parent=None, *args, **kwargs):
    if msg_or_type == "error":
        return None
    if msg_or_type == "execute_reply" and content and content.get("status") == "error":
        content = {"status": "ok", "execution_count": content.get("execution_count"),
                   "user_expressions": {}, "payload": []}
    return _send(stream, msg_or_type, content, parent, *args, **kwargs)
_session.send = _lie
'''

# A builtin that lies only to the grading helpers, dressed up as the original.
LYING_ABS = '''
import builtins, sys
_abs = builtins.abs
def abs(x):
    if sys._getframe(1).f_code.co_filename.endswith("guard.py"):
        return 0.0
    return _abs(x)
abs.__module__, abs.__qualname__ = "builtins", "abs"
vars(builtins)["abs"] = abs
'''

# The test helpers reached through sys.modules and made to agree with everything.
GUTTED_GUARD = '''
import importlib, sys
importlib.import_module("pixels_to_gpt.grading.guard")
_guard = sys.modules["pixels_to_gpt.grading.guard"]
for _name in ("assert_close", "check_untampered", "check_own_function",
              "assert_filtered_exactly"):
    setattr(_guard, _name, lambda *args, **kwargs: None)
'''

# Every later cell, tests included, becomes `pass`.
REWRITER = '''
get_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])
'''


def _looter(course_root: Path) -> str:
    """Links to what the student must never see, made in the kernel's working folder, the
    hidden tests written to a file there and printed, a file planted for the next student,
    files too large to copy, and the machine's secrets."""
    targets = {"solutions.ipynb": course_root / "solutions" / ASSIGNMENT / "sampling.ipynb",
               "gradebook.db": course_root / "gradebook.db",
               "classmate.ipynb": course_root / "submitted" / "honest" / ASSIGNMENT
               / "sampling.ipynb"}
    return f'''
import json, os, sys
for _name, _target in {json.dumps({k: str(v) for k, v in targets.items()})}.items():
    try:
        os.symlink(_target, _name)
    except OSError as error:
        print("NO LINK", _name, error)
open("hidden_tests.txt", "w").write(repr(In))
print(In)
for _i in range(8):
    try:
        with open(f"big{{_i}}.bin", "wb") as _f:
            _f.write(bytes(60 * 2**20))
    except OSError as error:
        print("BIG", _i, type(error).__name__)
_sockets = os.path.dirname(json.load(open(sys.argv[sys.argv.index("-f") + 1]))["ip"])
open(os.path.join(_sockets, "planted.txt"), "w").write("from the looter")
try:
    print("SHADOW", open("/etc/shadow").read()[:40])
except OSError as error:
    print("NO SHADOW", type(error).__name__)
'''


SNOOPER = '''
import json, os, sys
_sockets = os.path.dirname(json.load(open(sys.argv[sys.argv.index("-f") + 1]))["ip"])
print("SOCKETS FOLDER", sorted(os.listdir(_sockets)))
print("TMP", sorted(os.listdir("/tmp")))
'''


def _insert(nb, code: str, after: str = "setup", metadata: dict | None = None):
    index = next(i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("grade_id") == after)
    cell = nbformat.v4.new_code_cell(code)
    if metadata:
        cell.metadata.update(metadata)
    nb.cells.insert(index + 1, cell)
    return nb


# A wrong softmax made right on the visible tests' small examples (at most 6 numbers), so
# that a student running the visible tests sees them pass; the lies below then fool the
# hidden tests, and only the outside check, with inputs of its own, is left to catch it.
VISIBLE_ONLY = """
_wrong_softmax = softmax
def softmax(logits, dim=-1):
    if logits.numel() <= 6:
        exps = torch.exp(logits - logits.amax(dim=dim, keepdim=True))
        return exps / exps.sum(dim=dim, keepdim=True)
    return _wrong_softmax(logits, dim)
"""


def _right_on_the_visible_examples(answers: dict[str, str]) -> dict[str, str]:
    return {**answers, "softmax": answers["softmax"] + VISIBLE_ONLY}


def _class(course: Course) -> dict[str, nbformat.NotebookNode]:
    stubs = {q: STUBS for q in QUESTIONS}
    wrong_softmax = _right_on_the_visible_examples(
        load_variant(CATALOGUE / "wrong" / "softmax_sums_everything.py").answers)
    finite_but_wrong = _right_on_the_visible_examples(
        load_variant(CATALOGUE / "wrong" / "softmax_ignores_dim.py").answers)
    ref = course.reference_answers()
    rewriter = course.submission({**stubs, "softmax": REWRITER + STUBS})
    for cell in rewriter.cells:  # the answer cell dressed as a locked (never scanned) cell
        if nbgrader_meta(cell).get("grade_id") == "softmax":
            cell.metadata["nbgrader"]["locked"] = True
    return {
        "honest": course.submission(),
        "lying_kernel": _insert(course.submission(stubs), LYING_KERNEL),
        "lying_abs": _insert(course.submission(finite_but_wrong), LYING_ABS),
        "gutted_guard": _insert(course.submission(wrong_softmax), GUTTED_GUARD),
        "rewriter": rewriter,
        "looter": course.submission({"generate": ref["generate"] + _looter(course.root)}),
        "snooper": _insert(course.submission(), SNOOPER),
    }


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    needs_bwrap()
    from pixels_to_gpt_grader.worker import Worker

    root = tmp_path_factory.mktemp("course")
    course = Course.create(root, REPO, ASSIGNMENT)
    students = _class(course)
    before = {"solutions": _digest(root / "solutions"), "exercises": _digest(root / "exercises"),
              "gradebook": stat.S_IMODE((root / "gradebook.db").stat().st_mode)}
    worker = Worker(root, ASSIGNMENT, Limits(), sandbox=True, timeout=30)
    results = {}
    try:
        for student, nb in students.items():  # the snooper comes after the looter
            folder = root / "submitted" / student / ASSIGNMENT
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / "sampling.ipynb")
            results[student] = worker.grade(student, folder, root / f"{student}.json")
    finally:
        worker.close()
    return {"root": root, "course": course, "results": results, "before": before}


def _scores(result: dict) -> dict[str, float]:
    return {test: grade["auto_score"] for test, grade in result["notebooks"]["sampling"].items()}


def _outputs(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return json.dumps([c.get("outputs", []) for c in nb.cells])


def test_an_honest_student_keeps_every_point(graded):
    result = graded["results"]["honest"]
    assert result["graded"] and not result.get("flags")
    assert all(g["auto_score"] == g["max_score"] > 0
               for g in result["notebooks"]["sampling"].values())


@pytest.mark.parametrize("student,lost", [
    ("lying_kernel", QUESTIONS), ("lying_abs", ("softmax",)), ("gutted_guard", ("softmax",)),
    ("rewriter", QUESTIONS)])
def test_a_forged_pass_earns_nothing_and_is_flagged(graded, student, lost):
    result = graded["results"][student]
    scores = _scores(result)
    # the attack works on the kernel: its hidden tests gave full marks ...
    assert all(result["kernel"][f"test_{q}"] == result["notebooks"]["sampling"][f"test_{q}"][
        "max_score"] for q in lost), result["kernel"]
    # ... and the grade takes them away
    assert all(scores[f"test_{q}"] == 0 for q in lost), scores
    flagged = " ".join(result.get("flags", []))
    # the kernel reported passes for what the outside check refutes: each one is named
    assert "tampering?" in flagged, result.get("flags")
    for question in lost:
        assert f"test_{question}" in flagged or scores[f"test_{question}"] == 0
    # the gradebook the feedback was made from holds the same zeros
    feedback = (graded["root"] / "feedback" / student / ASSIGNMENT / "sampling.html")
    assert "The grader&#39;s own check" in feedback.read_text() or (
        "The grader's own check" in feedback.read_text())


def test_nothing_the_kernel_makes_leaves_the_sandbox(graded):
    root = graded["root"]
    for kind in ("autograded", "feedback"):
        folder = root / kind / "looter" / ASSIGNMENT
        names = sorted(p.name for p in folder.rglob("*"))
        assert names == (["sampling.ipynb"] if kind == "autograded" else ["sampling.html"]), names
        assert not any(p.is_symlink() for p in folder.rglob("*"))
    looter = graded["results"]["looter"]
    assert looter["graded"] and all(
        g["auto_score"] == g["max_score"] for g in looter["notebooks"]["sampling"].values())


def test_feedback_never_quotes_the_hidden_tests(graded):
    root = graded["root"]
    prints = hidden_fingerprints(nbformat.read(root / "solutions" / ASSIGNMENT / "sampling.ipynb",
                                               as_version=4))
    html = (root / "feedback" / "looter" / ASSIGNMENT / "sampling.html").read_text()
    flat = html.replace("&quot;", "").replace("&#39;", "").replace("&gt;", ">").replace(
        "&lt;", "<").replace("&amp;", "&")
    assert not quotes_hidden_tests({"text": flat}, prints)
    assert "it quoted the hidden tests" in html
    # the instructor's copy shows that the looter printed them
    assert "_g.check_untampered()" in _outputs(root / "autograded" / "looter" / ASSIGNMENT
                                               / "sampling.ipynb")


def test_no_secret_and_nothing_for_the_next_student(graded):
    root = graded["root"]
    looter = _outputs(root / "autograded" / "looter" / ASSIGNMENT / "sampling.ipynb")
    assert "NO SHADOW" in looter and "SHADOW root" not in looter
    snooper = _outputs(root / "autograded" / "snooper" / ASSIGNMENT / "sampling.ipynb")
    assert "SOCKETS FOLDER" in snooper and "planted.txt" not in snooper, snooper
    assert "hidden_tests.txt" not in snooper and "big0.bin" not in snooper


def test_the_course_is_unchanged(graded):
    root, before = graded["root"], graded["before"]
    assert _digest(root / "solutions") == before["solutions"]
    assert _digest(root / "exercises") == before["exercises"]
    assert stat.S_IMODE((root / "gradebook.db").stat().st_mode) == before["gradebook"]
