"""Every graded exercise: its release is nbgrader's, and its hidden tests are honest.

Honest means, through real `nbgrader autograde`: the reference answers get full marks, the
untouched student version gets 0 without crashing the grader, every wrong implementation in
the catalogue loses points on its own question (and only there), and every correct variant,
however it is written, gets full marks.

The tests of each assignment form a class of their own (`Test_ch07_sampling`, ...), so that
`pytest -n 2 --dist loadscope` keeps an assignment's one nbgrader run on one worker while
the assignments spread over both.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from course_tree import PACKAGE_ANSWERS, REPO, assignments

from pixels_to_gpt_grader.catalogue import load_catalogue
from pixels_to_gpt_grader.course import Course, is_answer_cell, is_test_cell, nbgrader_meta

# What the visible part of every test cell prints last, once all its checks passed.
VISIBLE_PASSED = "visible tests passed"

# The sampling exercise is the course's heart: its catalogue must be the largest.
MINIMUM = {"ch07_sampling": (25, 6)}
DEFAULT_MINIMUM = (8, 3)


class _ExerciseTests:
    """The tests of one assignment (ASSIGNMENT); a subclass per assignment below."""

    ASSIGNMENT = ""

    @pytest.fixture
    def assignment(self) -> str:
        return self.ASSIGNMENT

    def test_release_is_generated_from_the_source(self, assignment, tmp_path):
        """exercises/ is exactly what `nbgrader generate_assignment` makes of solutions/."""
        course = Course.create(tmp_path, REPO, assignment)
        for generated in sorted(course.release_path.parent.glob("*.ipynb")):
            committed = REPO / "exercises" / assignment / generated.name
            assert committed.is_file(), f"{committed} is missing: run `make exercises`"
            assert json.loads(generated.read_text()) == json.loads(committed.read_text()), (
                f"{committed} differs from what nbgrader generates from solutions/: run "
                "`make exercises` and commit the result (never edit exercises/ by hand)"
            )

    def test_release_hides_solutions_and_hidden_tests(self, assignment):
        for path in (REPO / "exercises" / assignment).glob("*.ipynb"):
            text = path.read_text()
            assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
            nb = nbformat.read(path, as_version=4)
            answers = [c for c in nb.cells if is_answer_cell(c)]
            assert answers and all("raise NotImplementedError()" in c.source for c in answers)

    def test_every_question_has_visible_tests(self, assignment):
        """Each test cell's visible part (what the student runs) ends by saying it passed."""
        source = _source(assignment)
        for cell in (c for c in source.cells if is_test_cell(c)):
            visible = cell.source.split("### BEGIN HIDDEN TESTS")[0].strip()
            grade_id = nbgrader_meta(cell)["grade_id"]
            assert visible.count("assert") >= 1, f"{grade_id}: no visible test"
            assert visible.splitlines()[-1] == f'print("{VISIBLE_PASSED}")', (
                f"{grade_id}: end the visible tests with "
                f'print("{VISIBLE_PASSED}")')

    def test_catalogue_covers_every_question(self, assignment, repo):
        catalogue = load_catalogue(repo / "tests" / "catalogue" / assignment)
        wrong = [v for v in catalogue if v.kind == "wrong"]
        correct = [v for v in catalogue if v.kind == "correct"]
        min_wrong, min_correct = MINIMUM.get(assignment, DEFAULT_MINIMUM)
        assert len(wrong) >= min_wrong and len(correct) >= min_correct
        source = _source(assignment)
        answer_ids = {nbgrader_meta(c)["grade_id"] for c in source.cells if is_answer_cell(c)}
        test_ids = {nbgrader_meta(c)["grade_id"] for c in source.cells if is_test_cell(c)}
        assert {f"test_{a}" for a in answer_ids} == test_ids, "each answer cell has test_<id>"
        covered = {grade_id for v in wrong for grade_id in v.answers}
        assert covered == answer_ids, f"no wrong implementation for {sorted(answer_ids - covered)}"

    @pytest.mark.slow
    def test_reference_gets_full_marks_and_release_gets_zero(self, assignment, graded):
        _, _, scores = graded(assignment)
        for question, (score, points) in scores["reference"].items():
            assert score == points, f"the reference loses points on {question}"
        for question, (score, _) in scores["untouched"].items():
            assert score == 0.0, f"the untouched release scores {score} on {question}"

    @pytest.mark.slow
    def test_catalogue_variant_is_graded_as_it_deserves(self, assignment, kind, name, graded):
        course, catalogue, scores = graded(assignment)
        variant = next(v for v in catalogue if v.kind == kind and v.name == name)
        got = scores[f"{kind}-{name}"]
        assert all(score is not None for score, _ in got.values()), f"ungraded cells: {got}"
        if kind == "correct":
            lost = {q: s for q, s in got.items() if s[0] != s[1]}
            assert not lost, f"a correct answer ({variant.description}) lost points: {lost}"
            return
        for question in variant.questions:
            score, points = got[question]
            assert score < points, f"{variant.description!r} kept full marks on {question}"
        if not variant.tampering:
            others = {q: s for q, s in got.items() if q not in variant.questions and s[0] != s[1]}
            assert not others, f"a mistake in {variant.questions} also cost points on {others}"
        feedback = _failure_output(course, f"{kind}-{name}", variant.questions)
        for message in variant.messages:
            assert message in feedback, f"the failure does not tell the student {message!r}"
        # A student runs the visible tests before handing in: a mistake that loses all of a
        # question's points must not be waved through by them. (A variant that tampers with the
        # kernel is a cheat, not a mistake: it can make any test in its own process pass.)
        if not variant.tampering:
            for question in variant.questions:
                score, _ = got[question]
                shown = _failure_output(course, f"{kind}-{name}", [question])
                assert not (score == 0 and VISIBLE_PASSED in shown), (
                    f"{variant.description!r} passes the visible tests of {question} yet scores 0 "
                    "there: add a visible check that catches it")


def _package_functions_pass_the_hidden_tests(self, assignment, graded):
    """The code the chapter shows (the package's) is held to the exercise's own grading."""
    _, _, scores = graded(assignment)
    lost = {q: s for q, s in scores["package"].items() if s[0] != s[1]}
    assert not lost, f"the package's reference functions lose points: {lost}"


for _assignment in assignments():
    _tests = {"ASSIGNMENT": _assignment}
    if _assignment in PACKAGE_ANSWERS:
        _tests["test_the_package_functions_pass_the_hidden_tests"] = pytest.mark.slow(
            _package_functions_pass_the_hidden_tests)
    globals()[f"Test_{_assignment}"] = type(f"Test_{_assignment}", (_ExerciseTests,), _tests)


def pytest_generate_tests(metafunc):
    """One test per catalogue variant of the class's assignment."""
    if {"kind", "name"} <= set(metafunc.fixturenames):
        variants = load_catalogue(REPO / "tests" / "catalogue" / metafunc.cls.ASSIGNMENT)
        metafunc.parametrize("kind,name", [(v.kind, v.name) for v in variants],
                             ids=[f"{v.kind}-{v.name}" for v in variants])


def _source(assignment: str) -> nbformat.NotebookNode:
    """The instructors' notebook of the assignment (solutions/)."""
    return nbformat.read(next((REPO / "solutions" / assignment).glob("*.ipynb")), as_version=4)


def _failure_output(course: Course, student: str, questions: list[str]) -> str:
    """The error text shown under the given test cells in the autograded notebook."""
    path = (course.root / "autograded" / student / course.assignment
            / f"{course.notebook}.ipynb")
    nb = nbformat.read(path, as_version=4)
    texts = []
    for cell in nb.cells:
        if nbgrader_meta(cell).get("grade_id") in questions:
            for output in cell.get("outputs", []):
                texts.append(output.get("evalue", "") + output.get("text", ""))
    return "\n".join(texts)
