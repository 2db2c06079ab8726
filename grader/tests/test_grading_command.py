"""`python -m pixels_to_gpt_grader grade`: hostile submissions are graded as far as possible or
flagged by name, never a silent 0; student code is contained; feedback hides the hidden
tests; nobody else's grade changes; running it again finishes only what is missing.

One real grading run (through the command line, two workers, bubblewrap) of one class of
well-behaved and hostile submissions of ch07_sampling serves every test here.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest
from course_root import REPO, needs_bwrap

from pixels_to_gpt_grader.catalogue import load_variant
from pixels_to_gpt_grader.course import Course, gradebook_url, nbgrader_meta

ASSIGNMENT = "ch07_sampling"
CATALOGUE = REPO / "tests" / "catalogue" / ASSIGNMENT
TIMEOUT = 20  # seconds per cell in these tests (the course allows 120)

pytestmark = pytest.mark.slow


def _wrong(name: str) -> dict[str, str]:
    return load_variant(CATALOGUE / "wrong" / f"{name}.py").answers


def _without(nb, grade_id):
    nb.cells = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") != grade_id]
    return nb


def _with_cell(nb, code, after="setup"):
    index = next(i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("grade_id") == after)
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(code))
    return nb


def _edited(nb, grade_id, source):
    for c in nb.cells:
        if nbgrader_meta(c).get("grade_id") == grade_id:
            c.source = source
    return nb


SWALLOW = """
import time
while True:
    try:
        time.sleep(0.2)
    except KeyboardInterrupt:
        pass
"""

# Each child would hold its own memory limit: without a cap on processes, a fork bomb
# multiplies the limit until the machine gives out.
FORK_BOMB = """
import os, threading
children = 0
try:
    while True:
        if os.fork() == 0:
            hoard = bytearray(2**30)
            while True:
                pass
        children += 1
except OSError as error:
    print("FORKS", children, error.strerror)
thread = threading.Thread(target=print, args=("THREAD RAN",))
thread.start()
thread.join()
"""


def _class(course: Course, course_root: Path, port: int) -> dict[str, object]:
    """student -> notebook (or bytes, or a {filename: bytes} folder) as handed in."""
    ref = course.reference_answers()
    wrong_softmax = _wrong("softmax_global_max")
    solutions = str(REPO / "solutions" / ASSIGNMENT / "sampling.ipynb")
    other = str(course_root / "submitted" / "alice" / ASSIGNMENT / "sampling.ipynb")
    snoop = f"""
import socket
def attempt(what, action):
    try:
        action()
        print("LEAKED", what)
    except Exception as error:
        print("DENIED", what, type(error).__name__)
attempt("solutions", lambda: open({solutions!r}).read())
attempt("course source", lambda: open({str(course.source_path)!r}).read())
attempt("other student", lambda: open({other!r}).read())
attempt("gradebook", lambda: open({str(course_root / "gradebook.db")!r}, "rb").read())
attempt("relative gradebook", lambda: open("../../../gradebook.db", "rb").read())
attempt("network", lambda: socket.create_connection(("127.0.0.1", {port}), timeout=3))
import resource
print("LIMITS", resource.getrlimit(resource.RLIMIT_DATA)[0] // 2**20, "MB")
"""
    broken = nbformat.writes(course.submission()).encode()
    return {
        "alice": course.submission(),
        "bob": course.submission(use_reference=False),
        "carl": course.submission(wrong_softmax),
        "exit_top": course.submission({"top_k_filter": ref["top_k_filter"]
                                       + "\nimport os\nos._exit(1)\n"}),
        "exit_in_fn": course.submission({"softmax": "import os\n\ndef softmax(logits, dim=-1):"
                                         "\n    os._exit(3)\n"}),
        "loop_swallow": course.submission({"apply_temperature": ref["apply_temperature"]
                                           + SWALLOW}),
        "loop_in_fn": course.submission({"top_p_filter": "def top_p_filter(logits, p):"
                                         + SWALLOW.replace("\n", "\n    ")}),
        "loop_plain": course.submission({"generate": ref["generate"]
                                         + "\nwhile True:\n    pass\n"}),
        "printer": course.submission({"softmax": ref["softmax"] + "\nfor _ in range(120_000):"
                                      "\n    print('x' * 10_000)\n"}),
        "hog": course.submission({"top_p_filter": ref["top_p_filter"]
                                  + "\nbig = torch.ones(2**34)\n"}),
        "forker": course.submission({"softmax": ref["softmax"] + FORK_BOMB}),
        "broken": broken[: len(broken) * 3 // 4],
        "garbage": b"\x00\x01 this is not a notebook",
        "deleted": _without(course.submission(), "test_softmax"),
        "edited": _edited(course.submission(wrong_softmax), "test_softmax", "print('ok')"),
        "renamed": {"my final version.ipynb": nbformat.writes(course.submission()).encode()},
        "nofile": {"notes.txt": b"I could not do it"},
        "snoop": _with_cell(course.submission(), snoop),
        "tamper_allclose": course.submission(_wrong("softmax_patches_allclose")),
        "tamper_exc": _with_cell(course.submission(wrong_softmax),
                                 "get_ipython().set_custom_exc((Exception,), "
                                 "lambda *args, **kwargs: None)"),
        "tamper_input": _with_cell(course.submission(wrong_softmax),
                                   "ip = get_ipython()\nip.input_transformers_post.append("
                                   "lambda lines: ['pass\\n'])", after="softmax"),
        "tamper_guard": _with_cell(course.submission(wrong_softmax),
                                   "from pixels_to_gpt.grading import guard\n"
                                   "guard.assert_close = lambda *args, **kwargs: None\n"
                                   "guard.check_untampered = lambda *args: None"),
    }


def _write_class(folder: Path, students: dict[str, object]) -> None:
    for student, handed_in in students.items():
        if isinstance(handed_in, dict) and not isinstance(handed_in, nbformat.NotebookNode):
            target = folder / student / ASSIGNMENT
            target.mkdir(parents=True)
            for name, data in handed_in.items():
                (target / name).write_bytes(data)
        elif isinstance(handed_in, bytes):
            (folder / f"{student}.ipynb").write_bytes(handed_in)
        else:
            nbformat.write(handed_in, folder / f"{student}.ipynb")


def _grade_command(course_root: Path, submissions: Path, *extra: str):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    return subprocess.run(
        [sys.executable, "-m", "pixels_to_gpt_grader", "grade", ASSIGNMENT, str(submissions),
         "--course", str(course_root), "--jobs", "2", "--timeout", str(TIMEOUT), *extra],
        capture_output=True, text=True, timeout=1800, env=env)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One grading run of the whole class; what the tests look at afterwards."""
    needs_bwrap()
    root = tmp_path_factory.mktemp("course")
    course = Course.create(root, REPO, ASSIGNMENT)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(1)
    connections = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connections.append(server.accept())
            except OSError:
                pass

    threading.Thread(target=accept, daemon=True).start()
    students = _class(course, root, server.getsockname()[1])
    submissions = tmp_path_factory.mktemp("downloads")
    _write_class(submissions, students)
    (root / "roster.txt").write_text("alice\nzoe\n")
    result = _grade_command(root, submissions, "--roster", str(root / "roster.txt"))
    stop.set()
    server.close()
    assert result.returncode == 0, result.stdout + result.stderr
    report = root / "reports" / ASSIGNMENT
    with open(report / "grades.csv") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    return {"course": course, "root": root, "rows": rows, "result": result,
            "report": report, "connections": connections, "submissions": submissions,
            "students": students}


def _score(row, question=None):
    value = row[question] if question else row["score"]
    return None if value == "" else float(value)


def _outputs(run, student) -> str:
    path = run["root"] / "autograded" / student / ASSIGNMENT / "sampling.ipynb"
    nb = nbformat.read(path, as_version=4)
    return json.dumps([c.get("outputs", []) for c in nb.cells])


def test_the_command_shows_progress_and_names_the_ungraded(run):
    assert "grading ch07_sampling" in run["result"].stderr  # tqdm's bar
    out = run["result"].stdout
    for student in ("garbage", "nofile", "zoe"):
        assert student in out
    assert (run["report"] / "histogram.png").stat().st_size > 5000
    report = (run["report"] / "report.md").read_text()
    assert "## Could not be graded" in report and "| test_softmax | 3 |" in report


def test_well_behaved_students_get_what_they_deserve(run):
    rows = run["rows"]
    assert (rows["alice"]["status"], _score(rows["alice"])) == ("graded", 14.0)
    assert (rows["bob"]["status"], _score(rows["bob"])) == ("graded", 0.0)
    assert _score(rows["carl"], "test_softmax") == 0.0 and _score(rows["carl"]) == 11.0


def test_the_gradebook_holds_the_same_grades(run):
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(run["root"])) as gb:
        scores = {s.student_id: s.score for s in gb.assignment_submissions(ASSIGNMENT)}
    for student, row in run["rows"].items():
        if row["score"]:
            assert scores[student] == float(row["score"]), student
        else:
            assert student not in scores, f"{student} has no grade but got {scores[student]}"


@pytest.mark.parametrize("student,score,problem", [
    ("exit_top", 14.0, "the Python process died"),
    ("loop_swallow", 14.0, "did not stop when interrupted"),
    ("loop_plain", 14.0, "stopped after the time limit"),
    ("printer", 14.0, "printed more than 1024 KB"),
    ("hog", 14.0, "hit the memory limit"),
    ("deleted", 14.0, "test cell test_softmax was deleted"),
    ("renamed", 14.0, "handed in as 'my final version.ipynb'"),
])
def test_a_bad_submission_keeps_what_it_earned_and_is_flagged(run, student, score, problem):
    row = run["rows"][student]
    assert row["status"] == "check" and _score(row) == score, row
    assert problem in row["problems"], row["problems"]


@pytest.mark.parametrize("student,question,problem", [
    ("exit_in_fn", "test_softmax", "the Python process died"),
    ("loop_in_fn", "test_top_p_filter", "did not stop when interrupted"),
    ("edited", "test_softmax", "test cell test_softmax was edited"),
])
def test_a_question_that_breaks_the_kernel_loses_its_points_only_there(run, student, question,
                                                                       problem):
    row = run["rows"][student]
    assert row["status"] == "check" and problem in row["problems"], row
    assert _score(row, question) == 0.0
    assert _score(row, "test_apply_temperature") == 1.0


def test_broken_json_is_graded_from_the_cells_that_survive(run):
    row = run["rows"]["broken"]
    assert "broken notebook file" in row["problems"] and row["status"] == "check"
    assert _score(row, "test_softmax") == 3.0 and _score(row, "test_generate") == 0.0


@pytest.mark.parametrize("student,status,problem", [
    ("garbage", "not graded", "unreadable notebook file"),
    ("nofile", "missing", "no sampling.ipynb in the submission (found notes.txt)"),
    ("zoe", "missing", "missing: nothing handed in"),
])
def test_what_cannot_be_graded_has_no_number_and_a_reason(run, student, status, problem):
    row = run["rows"][student]
    assert row["status"] == status and row["score"] == "", row
    assert problem in row["problems"]
    assert f"**{student}** ({status})" in (run["report"] / "report.md").read_text()


def test_a_fork_bomb_fails_at_once_and_costs_nothing_else(run):
    outputs = _outputs(run, "forker")
    assert "FORKS 0 Resource temporarily unavailable" in outputs and "THREAD RAN" in outputs
    assert _score(run["rows"]["forker"]) == 14.0


def test_student_code_cannot_read_write_or_connect(run):
    outputs = _outputs(run, "snoop")
    assert "LEAKED" not in outputs
    for what in ("solutions", "course source", "other student", "gradebook",
                 "relative gradebook", "network"):
        assert f"DENIED {what} " in outputs, what
    assert "LIMITS 2048 MB" in outputs
    assert run["connections"] == []
    assert _score(run["rows"]["snoop"]) == 14.0


@pytest.mark.parametrize("student,finding", [
    ("tamper_allclose", "replaces torch.allclose"),
    ("tamper_exc", "set_custom_exc"),
    ("tamper_input", "input_transformers_post"),
    ("tamper_guard", "replaces guard.assert_close"),
    ("exit_top", "calls os._exit"),
])
def test_attempts_to_fool_the_tests_are_flagged(run, student, finding):
    row = run["rows"][student]
    assert row["status"] == "check" and finding in row["suspicious_code"], row


@pytest.mark.parametrize("student", ["tamper_allclose", "tamper_exc"])
def test_tampering_the_hidden_tests_detect_still_costs_the_points(run, student):
    assert _score(run["rows"][student], "test_softmax") == 0.0


def test_feedback_never_shows_hidden_tests(run):
    source = nbformat.read(run["course"].source_path, as_version=4)
    hidden = []
    for c in source.cells:
        if "### BEGIN HIDDEN TESTS" in c.source:
            block = c.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
            hidden += [ln.strip() for ln in block.splitlines() if len(ln.strip()) > 25]
    assert len(hidden) > 10
    graded = [s for s, row in run["rows"].items() if row["score"]]
    for student in graded:
        html = (run["root"] / "feedback" / student / ASSIGNMENT / "sampling.html").read_text()
        import html as html_lib

        text = html_lib.unescape(html)
        leaked = [ln for ln in hidden if ln in text]
        assert not leaked, f"{student}'s feedback shows hidden tests: {leaked[:3]}"
    # but it does say which test failed and why
    carl = (run["root"] / "feedback" / "carl" / ASSIGNMENT / "sampling.html").read_text()
    assert "each row" in carl


def test_running_again_grades_only_what_is_new(run):
    before = {p.name: p.stat().st_mtime for p in (run["report"] / "results").glob("*.json")}
    course = run["course"]
    nbformat.write(course.submission(_wrong("top_k_off_by_one")),
                   run["submissions"] / "late.ipynb")
    again = _grade_command(run["root"], run["submissions"], "--roster",
                           str(run["root"] / "roster.txt"))
    assert again.returncode == 0, again.stderr
    assert "graded in this run: 1;" in again.stdout
    after = {p.name: p.stat().st_mtime for p in (run["report"] / "results").glob("*.json")}
    changed = {name for name in after if before.get(name) != after[name]}
    # the ungradable ones are looked at again (cheap), nobody graded is graded again
    assert changed - {"garbage.json", "nofile.json", "zoe.json"} == {"late.json"}
    with open(run["report"] / "grades.csv") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    assert _score(rows["late"], "test_top_k_filter") < 2.0
    assert {s: rows[s]["score"] for s in run["rows"]} == {
        s: r["score"] for s, r in run["rows"].items()}
