"""`python -m pixels_to_gpt validate`: nbgrader's validator with an exit status that a
script can trust (nbgrader's own command exits 0 when tests fail)."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from conftest import REPO

from pixels_to_gpt.grading.course import Course

pytestmark = pytest.mark.slow


def _validate(*paths, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "pixels_to_gpt", "validate", *map(str, paths)],
                          capture_output=True, text=True, cwd=cwd, timeout=600)


def test_failing_tests_exit_1_and_are_shown():
    result = _validate(REPO / "exercises" / "ch07_sampling" / "sampling.ipynb")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILED (6 cells)" in result.stdout and "NotImplementedError" in result.stdout


def test_passing_tests_exit_0(tmp_path):
    course = Course.create(tmp_path / "course", REPO, "ch07_sampling")
    nbformat.write(course.submission(), tmp_path / "sampling.ipynb")
    result = _validate(tmp_path / "sampling.ipynb")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all tests passed" in result.stdout


def test_a_missing_notebook_exits_2(tmp_path):
    result = _validate(tmp_path / "nowhere.ipynb")
    assert result.returncode == 2 and "no such notebook" in result.stdout
