"""Catalogue variants written as changes: the loader builds the very answer a student would
have typed, and refuses changes it cannot place."""

from __future__ import annotations

import pytest
from course_root import REPO, assignments

from pixels_to_gpt_grader.catalogue import apply_changes, load_catalogue, load_variant

REFERENCE = """def f(x):
    y = x + 1
    if y > 2:
        y = y * 2
    return y
"""


def test_a_change_replaces_its_line_with_the_indentation_kept():
    changed = apply_changes(REFERENCE, "# - y = y * 2\n# + y = y * 3")
    assert changed == REFERENCE.replace("y = y * 2", "y = y * 3")


def test_lines_can_be_deleted_and_indented_further():
    deleted = apply_changes(REFERENCE, "# - if y > 2:\n# - y = y * 2")
    assert deleted == "def f(x):\n    y = x + 1\n    return y\n"
    nested = apply_changes(REFERENCE, "# - y = x + 1\n# + y = x + 1\n# + if x:\n# +     y = 0")
    assert "    if x:\n        y = 0\n" in nested


@pytest.mark.parametrize("changes,problem", [
    ("# - y = y * 4\n# + y = 0", "stands 0 times"),
    ("# - y\n# + z", "stands 0 times"),
    ("# + y = 0", "a change is a"),
    ("y = 0", "a change is a"),
])
def test_a_change_that_cannot_be_placed_is_refused(changes, problem):
    with pytest.raises(ValueError, match=problem):
        apply_changes(REFERENCE, changes, "here")


def test_a_line_that_stands_twice_is_refused():
    with pytest.raises(ValueError, match="stands 2 times"):
        apply_changes("a = 1\na = 1\n", "# - a = 1\n# + a = 2")


def _variant(folder, kind, name, text):
    path = folder / kind / f"{name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_variant_changes_another_written_in_full(tmp_path):
    folder = tmp_path / "tests" / "catalogue" / "chXX"
    _variant(folder, "wrong", "base", '"""base."""\n# %% f\n' + REFERENCE)
    child = _variant(folder, "wrong", "child",
                     '"""child."""\n# %% f\n# changes to wrong/base:\n# - return y\n# + return 0\n')
    assert load_variant(child).answers["f"] == REFERENCE.replace("return y", "return 0")
    grandchild = _variant(folder, "wrong", "grandchild",
                          '"""grandchild."""\n# %% f\n# changes to wrong/child:\n# - return 0\n')
    with pytest.raises(ValueError, match="written in full"):
        load_variant(grandchild)
    missing = _variant(folder, "wrong", "missing",
                       '"""missing."""\n# %% f\n# changes to wrong/nobody:\n# - return y\n')
    with pytest.raises(ValueError, match="written in full"):
        load_variant(missing)


@pytest.mark.parametrize("assignment", assignments())
def test_every_catalogue_of_the_course_loads(assignment):
    variants = load_catalogue(REPO / "tests" / "catalogue" / assignment)
    assert variants and all(v.answers for v in variants)
    for variant in variants:
        for answer in variant.answers.values():
            assert "# changes to" not in answer and not answer.startswith("# - ")
