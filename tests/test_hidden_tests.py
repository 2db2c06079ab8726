"""The exercises' test cells live in `hidden_tests/<assignment>.py`, one section each, and
`make exercises` inlines them into `solutions/` (pixels_to_gpt.hidden_tests)."""

from __future__ import annotations

import ast
import json
import shutil

import pytest
from course_tree import REPO, assignments

from pixels_to_gpt.edition import regenerate_exercises
from pixels_to_gpt.hidden_tests import (
    HiddenTestsError,
    check,
    extract,
    inline,
    inline_assignment,
    read_sections,
)

SAMPLING = "ch07_sampling"
HIDDEN = "### BEGIN HIDDEN " + "TESTS"


def _notebook(assignment: str):
    (path,) = sorted((REPO / "solutions" / assignment).glob("*.ipynb"))
    return path


def _test_cells(nb: dict) -> dict[str, dict]:
    return {c["metadata"]["nbgrader"]["grade_id"]: c for c in nb["cells"]
            if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("grade")
            and not c["metadata"]["nbgrader"].get("solution")}


def _copy(assignment: str, tmp_path):
    copy = tmp_path / _notebook(assignment).name
    shutil.copy2(_notebook(assignment), copy)
    return copy


def test_the_notebooks_match_their_hidden_tests():
    problems = check(REPO)
    assert problems == [], (
        "the test cells of solutions/ differ from hidden_tests/, their source: edit "
        "hidden_tests/<assignment>.py, never the notebook, and run `make exercises`:\n  "
        + "\n  ".join(problems))


@pytest.mark.parametrize("assignment", assignments())
def test_each_file_holds_its_test_cells_in_notebook_order(assignment):
    path = REPO / "hidden_tests" / f"{assignment}.py"
    nb = json.loads(_notebook(assignment).read_text())
    assert list(read_sections(path)) == list(_test_cells(nb)), (
        f"{path.name}: one section per test cell, in the notebook's order")
    assert ast.get_docstring(ast.parse(path.read_text())), f"{path.name}: no docstring"
    assert all(HIDDEN in source for source in read_sections(path).values())


@pytest.mark.parametrize("assignment", assignments())
def test_extract_then_inline_leaves_the_notebook_byte_identical(assignment, tmp_path):
    notebook = _copy(assignment, tmp_path)
    before = notebook.read_bytes()
    source = tmp_path / f"{assignment}.py"
    source.write_text(extract(notebook))
    assert inline(notebook, read_sections(source)) is False
    assert notebook.read_bytes() == before
    assert read_sections(source) == read_sections(REPO / "hidden_tests" / f"{assignment}.py")


def test_a_changed_section_changes_exactly_its_cell(tmp_path):
    notebook = _copy(SAMPLING, tmp_path)
    before = json.loads(notebook.read_text())
    sections = read_sections(REPO / "hidden_tests" / f"{SAMPLING}.py")
    new = sections["test_top_k_filter"].replace(HIDDEN, HIDDEN + '\nassert 1 + 1 == 2, "two"')
    assert new != sections["test_top_k_filter"]
    assert inline(notebook, {**sections, "test_top_k_filter": new}) is True
    text = notebook.read_text(encoding="utf-8")
    after = json.loads(text)
    assert text == json.dumps(after, indent=1, ensure_ascii=False) + "\n", "the repo's format"
    changed = [i for i, (a, b) in enumerate(zip(before["cells"], after["cells"], strict=True))
               if a != b]
    (index,) = changed
    cell = after["cells"][index]
    assert cell["metadata"]["nbgrader"]["grade_id"] == "test_top_k_filter"
    assert cell["source"] == new.splitlines(keepends=True), "kept as a list of lines"
    assert {**cell, "source": None} == {**before["cells"][index], "source": None}
    assert after["metadata"] == before["metadata"] and len(after["cells"]) == len(before["cells"])
    assert inline(notebook, {**sections, "test_top_k_filter": new}) is False, "now up to date"


def test_a_missing_section_is_refused_and_changes_nothing(tmp_path):
    notebook = _copy(SAMPLING, tmp_path)
    before = notebook.read_bytes()
    sections = read_sections(REPO / "hidden_tests" / f"{SAMPLING}.py")
    sections["test_softmax"] += "\n# changed"
    del sections["test_generate"]
    with pytest.raises(HiddenTestsError, match="test cell.s. without a section: test_generate"):
        inline(notebook, sections)
    assert notebook.read_bytes() == before


def test_an_unknown_grade_id_is_refused_and_changes_nothing(tmp_path):
    notebook = _copy(SAMPLING, tmp_path)
    before = notebook.read_bytes()
    sections = read_sections(REPO / "hidden_tests" / f"{SAMPLING}.py")
    sections["test_softmax"] += "\n# changed"
    sections["test_softmaxx"] = "assert True"
    with pytest.raises(HiddenTestsError, match="section.s. without a test cell: test_softmaxx"):
        inline(notebook, sections)
    assert notebook.read_bytes() == before


def _course(tmp_path, assignment: str, source_text: str | None = None):
    """A course folder in tmp_path with one assignment (its solutions, release, tests)."""
    course = tmp_path / "course"
    for folder in ("solutions", "exercises"):
        shutil.copytree(REPO / folder / assignment, course / folder / assignment)
    shutil.copy2(REPO / "nbgrader_config.py", course / "nbgrader_config.py")
    (course / "hidden_tests").mkdir()
    source = REPO / "hidden_tests" / f"{assignment}.py"
    (course / "hidden_tests" / source.name).write_text(source_text or source.read_text())
    return course


def test_a_duplicate_marker_is_refused_and_changes_nothing(tmp_path, capsys):
    text = (REPO / "hidden_tests" / f"{SAMPLING}.py").read_text()
    doubled = text + "\n\n# %% test_softmax\nassert True\n"
    course = _course(tmp_path, SAMPLING, doubled)
    notebook = course / "solutions" / SAMPLING / "sampling.ipynb"
    before = notebook.read_bytes()
    with pytest.raises(HiddenTestsError, match=r"ch07_sampling.py:\d+: a second section "
                                               "test_softmax"):
        read_sections(course / "hidden_tests" / f"{SAMPLING}.py")
    with pytest.raises(HiddenTestsError, match="a second section test_softmax"):
        inline_assignment(course, SAMPLING)
    assert regenerate_exercises(course, [SAMPLING]) == 2  # before nbgrader runs
    assert "a second section test_softmax" in capsys.readouterr().err
    assert notebook.read_bytes() == before


@pytest.mark.parametrize(("text", "error"), [
    ('"""doc"""\n\n# %%\nassert True\n', "without a grade_id"),
    ('"""doc"""\n\n# %% test a\nassert True\n', "is not `# %% <grade_id>`"),
    ('"""doc"""\nimport torch\n\n# %% test_a\nassert True\n', r":2: code before the first"),
    ("# comments only, then\nassert True\n", "no section"),
])
def test_a_malformed_file_is_refused(tmp_path, text, error):
    path = tmp_path / "ch00_x.py"
    path.write_text(text)
    with pytest.raises(ValueError, match=error):
        read_sections(path)


def test_comments_and_a_docstring_may_stand_before_the_first_marker(tmp_path):
    path = tmp_path / "ch00_x.py"
    path.write_text('# a comment\n"""doc"""\n# more\n\n# %% test_a\nx = 1\n\n\n'
                    "# %% test_b\n\nassert x == 1\n")
    assert read_sections(path) == {"test_a": "x = 1", "test_b": "\nassert x == 1"}


def test_make_exercises_inlines_the_tests_then_regenerates_the_release(tmp_path, capsys):
    """A visible test added in hidden_tests/ reaches the solutions notebook and the release;
    the hidden part stays out of the release."""
    assignment = "ch01_pixels"
    text = (REPO / "hidden_tests" / f"{assignment}.py").read_text()
    marker = "# %% test_loss\n"
    assert text.count(marker) == 1
    course = _course(tmp_path, assignment, text.replace(marker, marker + "# a new check\n"))
    assert regenerate_exercises(course, [assignment]) == 0
    out = capsys.readouterr().out
    assert f"solutions/{assignment}/pixels.ipynb: test cells updated from " \
           f"hidden_tests/{assignment}.py" in out
    assert f"exercises/{assignment}/pixels.ipynb: updated" in out
    assert check(course) == []
    for folder in ("solutions", "exercises"):
        nb = json.loads((course / folder / assignment / "pixels.ipynb").read_text())
        assert "".join(_test_cells(nb)["test_loss"]["source"]).startswith("# a new check\n")
    assert HIDDEN not in (course / "exercises" / assignment / "pixels.ipynb").read_text()


def test_make_exercises_refusing_someones_work_leaves_solutions_as_they_were(tmp_path, capsys):
    assignment = "ch01_pixels"
    text = (REPO / "hidden_tests" / f"{assignment}.py").read_text()
    course = _course(tmp_path, assignment, text.replace("# %% test_loss\n",
                                                        "# %% test_loss\n# a new check\n"))
    solution = course / "solutions" / assignment / "pixels.ipynb"
    released = course / "exercises" / assignment / "pixels.ipynb"
    nb = json.loads(released.read_text())
    nb["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi\n"}]
    released.write_text(json.dumps(nb))
    before = solution.read_bytes(), released.read_bytes()
    assert regenerate_exercises(course, [assignment]) == 1
    assert "stopped and changed nothing" in capsys.readouterr().err
    assert (solution.read_bytes(), released.read_bytes()) == before
