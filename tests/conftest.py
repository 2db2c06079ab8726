"""Shared test set-up: the offline data mirror, one torch thread, graded catalogues."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from course_tree import MIRROR, PACKAGE_ANSWERS, REPO, package_answers

from pixels_to_gpt.data import MIRROR_ENV

# Tests read the course's data from the offline mirror beside the checkout (as CI does),
# unless the environment names another; through the variable, a wrong file there is an error.
if MIRROR is not None:
    os.environ.setdefault(MIRROR_ENV, str(MIRROR))

# The suite keeps both cores busy (`pytest -n 2`, kernels, the book build): there torch's
# default of one thread per core makes its threads wait on each other (bench/README.md).
# One thread per process, for this process and every one it starts, unless told otherwise.
os.environ.setdefault("OMP_NUM_THREADS", "1")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """assignment -> (course, catalogue, scores, autograded notebook dir), graded once.

    One real `nbgrader autograde` run per assignment grades its reference answers, the
    untouched release and every catalogue variant, each as its own student.
    """
    from pixels_to_gpt_grader.catalogue import load_catalogue
    from pixels_to_gpt_grader.course import Course

    @cache
    def grade(assignment: str):
        course = Course.create(tmp_path_factory.mktemp(assignment), REPO, assignment)
        catalogue = load_catalogue(REPO / "tests" / "catalogue" / assignment)
        submissions = {
            "reference": course.submission(),
            "untouched": course.submission(use_reference=False),
        }
        if assignment in PACKAGE_ANSWERS:
            answers = package_answers(assignment, list(course.reference_answers()))
            submissions["package"] = course.submission(answers)
        for variant in catalogue:
            submissions[f"{variant.kind}-{variant.name}"] = course.submission(variant.answers)
        scores = course.autograde(submissions)
        return course, catalogue, scores

    return grade
