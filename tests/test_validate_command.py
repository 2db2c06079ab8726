"""`python -m pixels_to_gpt validate`: nbgrader's validator with an exit status that a
script can trust (nbgrader's own command exits 0 when tests fail)."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from course_tree import REPO

from pixels_to_gpt_grader.course import Course

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


# A test whose hint is 300 characters long: no validation may cut it.
HINT = ("softmax returned nan for logits [1000., 1001.]: subtract the row's maximum before "
        "torch.exp (exp(1000.) overflows to inf, and inf/inf is nan). ") * 3
HINT = HINT[:290] + " (the end)"
assert len(HINT) == 300


def long_hint_notebook(path, answer: int):
    """A one-question nbgrader notebook; its test fails unless `answer` is 2."""
    from nbformat.v4 import new_code_cell, new_notebook

    meta = {"schema_version": 3, "solution": False, "grade": False, "locked": False}
    nb = new_notebook(cells=[
        new_code_cell(f"def f():\n    return {answer}", metadata={"nbgrader": {
            **meta, "solution": True, "grade_id": "f"}}),
        new_code_cell(f"assert f() == 2, {HINT!r}", metadata={"nbgrader": {
            **meta, "grade": True, "locked": True, "grade_id": "test_f", "points": 1}}),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_the_whole_hint_without_escape_codes_when_redirected(tmp_path):
    result = _validate(long_hint_notebook(tmp_path / "failing.ipynb", answer=1), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"AssertionError: {HINT}\n" in result.stdout, result.stdout
    assert "\x1b[" not in result.stdout + result.stderr, "escape codes in redirected output"
    assert "FAILED (1 cells)" in result.stdout


def test_the_fixed_notebook_exits_0(tmp_path):
    result = _validate(long_hint_notebook(tmp_path / "fixed.ipynb", answer=2), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all tests passed" in result.stdout and "\x1b[" not in result.stdout


def test_a_terminal_keeps_the_colours(tmp_path):
    import io

    from pixels_to_gpt.grading.validate import validate

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    assert validate([str(long_hint_notebook(tmp_path / "failing.ipynb", 1))], screen) == 1
    assert "\x1b[" in screen.getvalue() and HINT in screen.getvalue()


def test_nbgrader_validate_with_the_course_config_prints_the_whole_hint(tmp_path):
    """`nbgrader validate` run in the course's folder (where its nbgrader_config.py is)."""
    notebook = long_hint_notebook(tmp_path / "failing.ipynb", answer=1)
    result = subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(notebook)],
                            capture_output=True, text=True, cwd=REPO, timeout=600)
    assert "VALIDATION FAILED ON 1 CELL(S)" in result.stdout, result.stdout + result.stderr
    assert f"AssertionError: {HINT}\n" in result.stdout, "nbgrader validate cut the hint"
    assert "...\n" not in result.stdout


def test_jupyterlab_validate_button_gets_the_whole_hint(tmp_path, monkeypatch):
    """The Validate button posts to nbgrader's server extension; this is that handler's code,
    in a JupyterLab started in the course's folder, serving tmp_path."""
    import html
    import logging
    from types import SimpleNamespace

    from nbgrader.server_extensions.validate_assignment.handlers import (
        ValidateAssignmentHandler as Handler,
    )

    long_hint_notebook(tmp_path / "failing.ipynb", answer=1)
    monkeypatch.chdir(REPO)  # the folder `.venv/bin/jupyter lab` was started in
    server = SimpleNamespace(root_dir=str(tmp_path), log=logging.getLogger("test"))
    server.load_config = lambda: Handler.load_config(server)
    reply = Handler.validate_notebook(server, "failing.ipynb")
    assert reply["success"], reply
    (failed,) = reply["value"]["failed"]
    assert f"AssertionError</span>: {HINT}" in html.unescape(failed["error"]), failed["error"]
