"""Every graded exercise: its release is nbgrader's, and its hidden tests are honest.

Honest means, through real `nbgrader autograde`: the reference answers get full marks, the
untouched student version gets 0 without crashing the grader, every wrong implementation in
the catalogue loses points on its own question (and only there), and every correct variant,
however it is written, gets full marks.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from conftest import PACKAGE_ANSWERS, REPO, assignments

from pixels_to_gpt.grading.catalogue import load_catalogue
from pixels_to_gpt.grading.course import Course, is_answer_cell, is_test_cell, nbgrader_meta

# The sampling exercise is the course's heart: its catalogue must be the largest.
MINIMUM = {"ch07_sampling": (25, 6)}
DEFAULT_MINIMUM = (8, 3)


def _variants():
    return [
        pytest.param(a, v.kind, v.name, id=f"{a}-{v.kind}-{v.name}")
        for a in assignments()
        for v in load_catalogue(REPO / "tests" / "catalogue" / a)
    ]


@pytest.mark.parametrize("assignment", assignments())
def test_release_is_generated_from_the_source(assignment, tmp_path):
    """exercises/ is exactly what `nbgrader generate_assignment` makes of solutions/."""
    course = Course.create(tmp_path, REPO, assignment)
    for generated in sorted(course.release_path.parent.glob("*.ipynb")):
        committed = REPO / "exercises" / assignment / generated.name
        assert committed.is_file(), f"{committed} is missing: run `make exercises`"
        assert json.loads(generated.read_text()) == json.loads(committed.read_text()), (
            f"{committed} differs from what nbgrader generates from solutions/: run "
            "`make exercises` and commit the result (never edit exercises/ by hand)"
        )


@pytest.mark.parametrize("assignment", assignments())
def test_release_hides_solutions_and_hidden_tests(assignment):
    for path in (REPO / "exercises" / assignment).glob("*.ipynb"):
        text = path.read_text()
        assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
        nb = nbformat.read(path, as_version=4)
        answers = [c for c in nb.cells if is_answer_cell(c)]
        assert answers and all("raise NotImplementedError()" in c.source for c in answers)


@pytest.mark.parametrize("assignment", assignments())
def test_catalogue_covers_every_question(assignment, repo):
    catalogue = load_catalogue(repo / "tests" / "catalogue" / assignment)
    wrong = [v for v in catalogue if v.kind == "wrong"]
    correct = [v for v in catalogue if v.kind == "correct"]
    min_wrong, min_correct = MINIMUM.get(assignment, DEFAULT_MINIMUM)
    assert len(wrong) >= min_wrong and len(correct) >= min_correct
    source = nbformat.read(next((repo / "solutions" / assignment).glob("*.ipynb")), as_version=4)
    answer_ids = {nbgrader_meta(c)["grade_id"] for c in source.cells if is_answer_cell(c)}
    test_ids = {nbgrader_meta(c)["grade_id"] for c in source.cells if is_test_cell(c)}
    assert {f"test_{a}" for a in answer_ids} == test_ids, "each answer cell has test_<id>"
    covered = {grade_id for v in wrong for grade_id in v.answers}
    assert covered == answer_ids, f"no wrong implementation for {sorted(answer_ids - covered)}"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", assignments())
def test_reference_gets_full_marks_and_release_gets_zero(assignment, graded):
    _, _, scores = graded(assignment)
    for question, (score, points) in scores["reference"].items():
        assert score == points, f"the reference loses points on {question}"
    for question, (score, _) in scores["untouched"].items():
        assert score == 0.0, f"the untouched release scores {score} on {question}"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(PACKAGE_ANSWERS))
def test_the_package_functions_pass_the_hidden_tests(assignment, graded):
    """The code the chapter shows (the package's) is held to the exercise's own grading."""
    _, _, scores = graded(assignment)
    lost = {q: s for q, s in scores["package"].items() if s[0] != s[1]}
    assert not lost, f"the package's reference functions lose points: {lost}"


@pytest.mark.slow
@pytest.mark.parametrize("assignment,kind,name", _variants())
def test_catalogue_variant_is_graded_as_it_deserves(assignment, kind, name, graded):
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
