"""The platform round trip and copied answers, through the grading command's own steps.

A Canvas download and a Moodle download, laid out as each platform writes them, go through
intake, grading and the report to `canvas-grades.csv` and `moodle-grades.csv`, which must
parse back to the same students, platform ids and scores under the header each platform's
import documents. Answers that are the reference's code or another student's are flagged
in `grades.csv` and `report.md`, and trivial or different ones are not.

No nbgrader run: the workers are replaced by a fake that scores each question from the
submitted notebook (full points where the answer is not the release's stub), and the
gradebook merge by nothing; everything else is the command's code. Seconds.
"""

from __future__ import annotations

import csv
import os
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from course_root import REPO

from pixels_to_gpt_grader import grader
from pixels_to_gpt_grader.catalogue import load_catalogue
from pixels_to_gpt_grader.course import is_answer_cell, nbgrader_meta, strip_solution_markers
from pixels_to_gpt_grader.export import CANVAS_HEADER, MOODLE_HEADER, moodle_date
from pixels_to_gpt_grader.grader import Options, grade, read_course
from pixels_to_gpt_grader.similarity import (
    MIN_NODES,
    fingerprint,
    reference_fingerprints,
    release_fingerprints,
    same_code,
)

ASSIGNMENT = "ch07_sampling"
SOURCE = REPO / "solutions" / ASSIGNMENT / "sampling.ipynb"
RELEASE = REPO / "exercises" / ASSIGNMENT / "sampling.ipynb"

# A top_k_filter two students share, each with names and comments of their own.
TOP_K_SHARED = '''def top_k_filter(logits, k):
    if k < 1:
        raise ValueError("k must be positive")
    values, _ = torch.sort(logits, dim=-1, descending=True)
    threshold = values[..., k - 1 : k]
    keep = logits >= threshold
    return torch.where(keep, logits, torch.full_like(logits, float("-inf")))
'''
TOP_K_SHARED_RENAMED = '''def top_k_filter(x, n):
    # guard
    if n < 1:
        raise ValueError("k must be positive")
    srt, unused = torch.sort(x, dim=-1, descending=True)
    t = srt[..., n - 1:n]   # the k-th largest
    ok = x >= t
    return torch.where(ok, x, torch.full_like(x, float("-inf")))
'''
# A softmax written differently from the reference, and correct.
SOFTMAX_OTHER = '''def softmax(logits, dim=-1):
    e = torch.exp(logits - logits.max(dim=dim, keepdim=True).values)
    total = e.sum(dim=dim, keepdim=True)
    return e / total
'''
TRIVIAL = "def apply_temperature(logits, temperature):\n    return logits / temperature\n"
TRIVIAL_RENAMED = "def apply_temperature(z, t):\n    # divide\n    return z / t\n"


def disguised(source: str, name: str) -> str:
    """`name` from `source` as a copier hands it in: every argument and local variable
    renamed, the docstring replaced, comments added, the layout that of `ast.unparse`."""
    import ast

    tree = ast.parse(source)
    function = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    local = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
    local |= {n.id for n in ast.walk(function) if isinstance(n, ast.Name)
              and isinstance(n.ctx, ast.Store)}
    for node in ast.walk(function):
        if isinstance(node, ast.arg) and node.arg in local:
            node.arg = f"my_{node.arg}_2"
        elif isinstance(node, ast.Name) and node.id in local:
            node.id = f"my_{node.id}_2"
    body = function.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body.pop(0)
    lines = ast.unparse(function).splitlines()
    out = [lines[0], '    """Written all by myself."""']
    for line in lines[1:]:
        indent = line[: len(line) - len(line.lstrip())]
        out += [f"{indent}# and now this step", line + "  # see the lecture"]
    return "\n".join(out) + "\n"


def _reference() -> dict[str, str]:
    nb = nbformat.read(SOURCE, as_version=4)
    return {nbgrader_meta(c)["grade_id"]: strip_solution_markers(c.source)
            for c in nb.cells if is_answer_cell(c)}


def notebook(answers: dict[str, str] | None = None, reference: bool = False) -> str:
    """The release with some answers filled in (the rest: the reference, or the stub)."""
    nb = nbformat.read(RELEASE, as_version=4)
    filled = {**(_reference() if reference else {}), **(answers or {})}
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if is_answer_cell(cell) and grade_id in filled:
            cell.source = filled[grade_id]
    return nbformat.writes(nb)


@pytest.fixture
def course(tmp_path):
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    for kind in ("solutions", "exercises"):
        shutil.copytree(REPO / kind / ASSIGNMENT, root / kind / ASSIGNMENT)
    return root


@pytest.fixture
def fake_grading(monkeypatch):
    """The command without nbgrader: a question earns its points where its answer is not
    the release's stub."""
    monkeypatch.setattr(grader, "open_course", read_course)
    monkeypatch.setattr(grader, "merge", lambda *a, **k: None)
    monkeypatch.setattr(grader, "_roster", lambda course, roster: sorted(roster or []))

    def run_workers(tasks, course, options, out, on_result):
        for task in tasks:
            nb = nbformat.read(Path(task["submitted"]) / "sampling.ipynb", as_version=4)
            answered = {nbgrader_meta(c)["grade_id"] for c in nb.cells if is_answer_cell(c)
                        and "raise NotImplementedError()" not in c.source}
            scores = {q: {"auto_score": p if q.removeprefix("test_") in answered else 0.0,
                          "needs_manual_grade": False}
                      for q, p in course.points["sampling"].items()}
            grader._write_result(Path(task["result"]), {
                "student": task["student"], "graded": True, "notebooks": {"sampling": scores}})
            on_result(task)

    monkeypatch.setattr(grader, "_run_workers", run_workers)
    monkeypatch.setenv("PATH", os.environ["PATH"])  # the command changes it: restore after


def _zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _read(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _grades(course: Path) -> dict[str, dict[str, str]]:
    with open(course / "reports" / ASSIGNMENT / "grades.csv", newline="") as f:
        return {r["student"]: r for r in csv.DictReader(f)}


def _points(course: Path) -> tuple[float, float]:
    """The assignment's total points, and those of its softmax question."""
    points = read_course(course, ASSIGNMENT).points["sampling"]
    return sum(points.values()), points["test_softmax"]


def _options(**kwargs) -> Options:
    return Options(jobs=1, sandbox=False, progress=False, **kwargs)


# ------------------------------------------------------------------ the platform round trip
def test_a_canvas_download_comes_back_as_canvas_imports_it(course, tmp_path, fake_grading):
    download = _zip(tmp_path / "submissions.zip", {  # Canvas's "Download Submissions"
        "leeann_12345_67890_sampling.ipynb": notebook(reference=True),
        "leeann_LATE_12345_67899_sampling-1.ipynb": notebook(reference=True),
        "smithbo_23456_67891_sampling.ipynb": notebook({"softmax": SOFTMAX_OTHER}),
        "wuchen_late_34567_67892_sampling.ipynb": b"\x00 not a notebook",
        "carol.ipynb": notebook(reference=True),  # a flat file: no Canvas id
    })
    outcome = grade(ASSIGNMENT, download, course, _options(
        canvas_assignment="Sampling (4567)"))
    out = outcome.csv.parent
    total, softmax_points = _points(course)
    table = _read(out / "canvas-grades.csv")
    assert table[0] == CANVAS_HEADER + ["Sampling (4567)"]
    assert table[1] == ["Points Possible", "", "", "", "", f"{total:g}"]
    back = {line[1]: (line[0], float(line[5])) for line in table[2:]}
    assert back == {"12345": ("leeann", total), "23456": ("smithbo", softmax_points)}
    rows = _grades(course)
    for canvas_id, (student, score) in back.items():
        assert (rows[student]["platform_id"], float(rows[student]["score"])) == (
            canvas_id, score)
    report = outcome.report.read_text()
    assert "canvas-grades.csv (Canvas's import): 2 students" in report
    assert "carol: no platform id" in report and "wuchen: no score (not graded)" in report
    assert "moodle-grades.csv (Moodle): no student" in report
    assert _read(out / "moodle-grades.csv") == [MOODLE_HEADER]


def test_a_moodle_download_comes_back_as_its_grading_worksheet(course, tmp_path,
                                                                 fake_grading):
    folder = "{}_{}_assignsubmission_file_/sampling.ipynb"
    download = _zip(tmp_path / "download.zip", {  # Moodle's "Download all submissions"
        folder.format("Ann Lee", 77): notebook(reference=True),
        folder.format("Bo Wu", 78): notebook({"softmax": SOFTMAX_OTHER}),
        folder.format("Jane Smith", 79): notebook(),  # nothing answered: 0 points
    })
    before = datetime.now().replace(second=0, microsecond=0)
    outcome = grade(ASSIGNMENT, download, course, _options())
    total, softmax_points = _points(course)
    table = _read(outcome.csv.parent / "moodle-grades.csv")
    assert table[0] == MOODLE_HEADER
    back = {line[0]: dict(zip(MOODLE_HEADER, line, strict=True)) for line in table[1:]}
    assert sorted(back) == ["Participant 77", "Participant 78", "Participant 79"]
    assert [(r["Full name"], r["Grade"], r["Maximum Grade"], r["Grade can be changed"])
            for r in back.values()] == [
        ("Ann Lee", f"{total:.2f}", f"{total:.2f}", "Yes"),
        ("Bo Wu", f"{softmax_points:.2f}", f"{total:.2f}", "Yes"),
        ("Jane Smith", "0.00", f"{total:.2f}", "Yes")]
    stamp = datetime.strptime(back["Participant 77"]["Last modified (grade)"],
                              "%A, %d %B %Y, %I:%M %p")
    assert stamp >= before  # newer than any grade given in Moodle before the run
    assert (f"Graded automatically: {softmax_points:g} of {total:g} points (test_softmax "
            f"{softmax_points:g},") in back["Participant 78"]["Feedback comments"]
    rows = _grades(course)
    assert {r["Full name"]: r["Identifier"].removeprefix("Participant ") for r in
            back.values()} == {s: rows[s]["platform_id"] for s in rows}
    assert _read(outcome.csv.parent / "canvas-grades.csv")[2:] == []


def test_export_cells_cannot_run_as_formulas(course, tmp_path, fake_grading):
    download = _zip(tmp_path / "d.zip", {
        "=cmd_1_2_sampling.ipynb": notebook(reference=True),
        "+SUM(A1)_5_assignsubmission_file_/sampling.ipynb": notebook(reference=True)})
    outcome = grade(ASSIGNMENT, download, course, _options(canvas_assignment="=HYPERLINK(1)"))
    canvas = _read(outcome.csv.parent / "canvas-grades.csv")
    moodle = _read(outcome.csv.parent / "moodle-grades.csv")
    assert canvas[0][5] == "'=HYPERLINK(1)" and canvas[2][0] == "'=cmd"
    assert moodle[1][1] == "'+SUM(A1)"


def test_moodle_dates_are_written_as_moodle_writes_them():
    assert moodle_date(datetime(2026, 12, 1, 14, 5)) == "Tuesday, 1 December 2026, 2:05 PM"
    assert moodle_date(datetime(2026, 1, 4, 0, 30)) == "Sunday, 4 January 2026, 12:30 AM"


# ------------------------------------------------------------------------ copied answers
def _prints(source: str, name: str) -> dict:
    return {name: fingerprint(source, name).record()}


def test_a_renamed_recommented_copy_of_the_reference_is_flagged():
    copy = disguised(_reference()["top_p_filter"], "top_p_filter")
    assert "my_p_2" in copy and "# see the lecture" in copy  # really disguised
    refs = reference_fingerprints([SOURCE], ASSIGNMENT)
    flags = same_code({"ann": _prints(copy, "top_p_filter")}, refs)
    assert list(flags) == ["ann"] and len(flags["ann"]) == 1
    assert flags["ann"][0].startswith(
        "top_p_filter: the same code as the reference answer in solutions/")
    package = disguised((REPO / "pixels_to_gpt" / "sampling.py").read_text(), "top_k_filter")
    flags = same_code({"bo": _prints(package, "top_k_filter")}, refs)
    assert "the course's own pixels_to_gpt.sampling.top_k_filter" in flags["bo"][0]


def test_two_students_with_one_answer_renamed_are_flagged_with_each_others_ids():
    flags = same_code({"ann": _prints(TOP_K_SHARED, "top_k_filter"),
                       "bo": _prints(TOP_K_SHARED_RENAMED, "top_k_filter"),
                       "cai": _prints(_reference()["top_k_filter"], "top_k_filter")})
    assert flags == {"ann": ["top_k_filter: the same code as the answer of bo"],
                     "bo": ["top_k_filter: the same code as the answer of ann"]}


def test_different_correct_implementations_are_not_flagged():
    refs = reference_fingerprints([SOURCE], ASSIGNMENT)
    answers = {"ann": _prints(SOFTMAX_OTHER, "softmax")}
    for variant in load_catalogue(REPO / "tests" / "catalogue" / ASSIGNMENT):
        if variant.kind == "correct":
            answers[variant.name] = {
                name: fingerprint(source, name).record()
                for name, source in variant.answers.items() if fingerprint(source, name)}
    assert same_code(answers, refs) == {}


def test_short_trivial_answers_are_never_flagged():
    a, b = fingerprint(TRIVIAL, "apply_temperature"), fingerprint(TRIVIAL_RENAMED,
                                                                   "apply_temperature")
    assert a == b and a.nodes < MIN_NODES  # the same tree, and too small to count
    assert same_code({"ann": {"apply_temperature": a.record()},
                      "bo": {"apply_temperature": b.record()}}) == {}


def test_copies_are_flagged_in_the_report_across_runs_and_the_score_stays(course, tmp_path,
                                                                          fake_grading):
    first = _zip(tmp_path / "first.zip", {
        "ann.ipynb": notebook({"top_k_filter": TOP_K_SHARED, "softmax": SOFTMAX_OTHER}),
        "dora.ipynb": notebook(reference=True)})
    grade(ASSIGNMENT, first, course, _options())
    second = _zip(tmp_path / "second.zip", {  # a week later: bo copies ann
        "bo.ipynb": notebook({"top_k_filter": TOP_K_SHARED_RENAMED,
                              "apply_temperature": TRIVIAL_RENAMED}),
        "eve.ipynb": notebook({"apply_temperature": TRIVIAL})})
    outcome = grade(ASSIGNMENT, second, course, _options())
    rows = _grades(course)
    assert rows["bo"]["same_code"] == "top_k_filter: the same code as the answer of ann"
    assert rows["ann"]["same_code"] == "top_k_filter: the same code as the answer of bo"
    assert "softmax: the same code as the reference answer" in rows["dora"]["same_code"]
    assert rows["eve"]["same_code"] == ""  # a trivial answer shared with bo
    points = read_course(course, ASSIGNMENT).points["sampling"]
    assert (rows["dora"]["status"], float(rows["dora"]["score"])) == (
        "graded", sum(points.values()))
    assert (rows["bo"]["status"], float(rows["bo"]["score"])) == (
        "graded", points["test_top_k_filter"] + points["test_apply_temperature"])
    section = outcome.report.read_text().split("## Answers that are the same code")[1]
    section = section.split("\n## ")[0]
    assert "- **bo**: top\\_k\\_filter: the same code as the answer of ann" in section
    assert "**eve**" not in section


def test_an_answer_that_does_not_parse_or_defines_nothing_has_no_fingerprint():
    assert fingerprint("def softmax(x:\n    return x", "softmax") is None
    assert fingerprint("softmax = lambda x: x", "softmax") is None
    magic = "%time\n" + _reference()["softmax"]
    assert fingerprint(magic, "softmax") == fingerprint(_reference()["softmax"], "softmax")


def test_results_of_an_earlier_version_still_name_their_platform():
    """Result files written before platforms were kept: the platform is read from where
    the notebook was in the download."""
    from pixels_to_gpt_grader.intake import platform_of

    assert platform_of({"platform_id": "77", "handed_in":
                        "Ann Lee_77_assignsubmission_file_/sampling.ipynb"}) == "moodle"
    assert platform_of({"platform_id": "5", "handed_in": "bob_late_5_9_sampling.ipynb"}
                       ) == "canvas"
    assert platform_of({"platform_id": "", "handed_in": "carol.ipynb"}) == ""


def test_answers_left_as_released_are_not_copies_of_each_other():
    """A long stub (given code around a gap) that two students left as it was."""
    stub = fingerprint(TOP_K_SHARED, "top_k_filter")
    both = {"ann": {"top_k_filter": stub.record()}, "bo": {"top_k_filter": stub.record()}}
    assert same_code(both)  # the same long code...
    assert same_code(both, released={"top_k_filter": {stub.digest}}) == {}  # ...as released
    assert release_fingerprints([RELEASE]).keys() == _reference().keys()
