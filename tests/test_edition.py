"""The student edition hands out the course without its answers, and works for a student."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from course_tree import REPO

from pixels_to_gpt.edition import (
    INSTRUCTOR_PACKAGES,
    MARK,
    student_requirements,
    student_work,
)

SOLUTION = "### BEGIN " + "SOLUTION"  # (spelled so that no search finds this file instead)
HIDDEN = "### BEGIN HIDDEN " + "TESTS"


def edition(out: Path, *flags: str, course: Path = REPO) -> subprocess.CompletedProcess:
    """`python -m pixels_to_gpt edition OUT`, as `make student-edition` runs it."""
    return subprocess.run([sys.executable, "-m", "pixels_to_gpt", "edition", str(out),
                           "--course", str(course), *flags], cwd=out.parent,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("edition") / "students"
    result = edition(out, "--no-git")
    assert result.returncode == 0, result.stderr
    return out


def files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(folder).parts[:1]}


def hidden_test_lines() -> set[str]:
    """The hidden tests' lines (24 characters or more) that the release does not show."""
    released = set()
    for nb in (REPO / "exercises").rglob("*.ipynb"):
        for cell in json.loads(nb.read_text())["cells"]:
            released.update(line.strip() for line in "".join(cell["source"]).splitlines())
    hidden = set()
    for nb in (REPO / "solutions").rglob("*.ipynb"):
        for cell in json.loads(nb.read_text())["cells"]:
            inside = False
            for line in "".join(cell["source"]).splitlines():
                stripped = line.strip()
                if stripped == HIDDEN:
                    inside = True
                elif stripped == "### END HIDDEN TESTS":
                    inside = False
                elif inside and len(stripped) >= 24 and stripped not in released:
                    hidden.add(stripped)
    assert hidden, "the solutions have hidden tests"
    return hidden


def test_the_edition_holds_no_answers(built):
    shipped = files(built)
    assert not (built / "solutions").exists() and not (built / "tests").exists()
    assert not [rel for rel in shipped if "catalogue" in rel or "solution" in rel.lower()]
    catalogue = {p.read_bytes() for p in (REPO / "tests" / "catalogue").rglob("*.py")}
    hidden = hidden_test_lines()
    # The course's package is public and shown in the book (guard.py shares a generic line
    # or two with the hidden tests): its files are checked for blocks, not for lines.
    package = {p.read_bytes() for p in (REPO / "pixels_to_gpt").rglob("*.py")}
    for rel, path in shipped.items():
        data = path.read_bytes()
        assert SOLUTION.encode() not in data, f"{rel} holds a solution block"
        assert HIDDEN.encode() not in data, f"{rel} holds a hidden-test block"
        assert data not in catalogue, f"{rel} is a catalogue file"
        if data in package:
            continue
        text = data.decode("utf-8", errors="replace")
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"{rel} holds hidden-test lines: {leaked[:3]}"
    config = (built / "nbgrader_config.py").read_text()
    for instructors in ("source_directory", "ClearSolutions", "OverwriteCells", '"solutions"'):
        assert instructors not in config


def test_the_edition_has_what_students_get(built):
    release = files(REPO / "exercises")
    shipped = files(built / "exercises")
    assert sorted(shipped) == sorted(release)
    for rel, path in release.items():
        assert shipped[rel].read_bytes() == path.read_bytes(), f"exercises/{rel} differs"
    for chapter in (REPO / "book").glob("*.ipynb"):
        assert (built / "book" / chapter.name).read_bytes() == chapter.read_bytes()
    assert (built / "book" / "setup.md").is_file()
    assert (built / "pixels_to_gpt" / "checkpoints").is_dir()
    assert sorted(p.name for p in (built / "pixels_to_gpt" / "grading").iterdir()) == [
        "guard.py", "validate.py"]
    assert not (built / "grader").exists()  # the instructors' grading tool
    readme = (built / "README.md").read_text()
    for words in ("make student", "work/", "pixels_to_gpt validate", "Hand in"):
        assert words in readme
    assert "/work/" in (built / ".gitignore").read_text().splitlines()
    assert os.access(built / "postBuild", os.X_OK)
    assert "formgrader" in (built / "postBuild").read_text()
    makefile = (built / "Makefile").read_text()
    assert makefile.startswith("#") and "\nstudent:" in makefile
    assert "jupyter-book" not in makefile and "install-system-packages" not in makefile


def test_the_students_requirements_leave_out_the_instructors_tools():
    course = (REPO / "requirements.txt").read_text().splitlines()
    students = student_requirements("\n".join(course)).splitlines()
    names = {line.split("==")[0] for line in students if line and not line.startswith("#")}
    assert names.isdisjoint(INSTRUCTOR_PACKAGES)
    assert "-e ./grader" in course and "-e ./grader" not in students
    assert {"torch", "tiktoken", "jupyterlab", "ipykernel", "ipywidgets", "nbgrader",
            "matplotlib", "-e ."} <= names
    pins = [line for line in course if "==" in line and line.split("==")[0] in names]
    assert all(pin in students for pin in pins), "the same pins as the course's"


def test_the_editions_package_validates_and_has_no_grading_tool(built, tmp_path):
    student = tmp_path / "students"
    shutil.copytree(built, student)
    env = {**os.environ, "PYTHONPATH": str(student)}
    where = subprocess.run([sys.executable, "-c", "import pixels_to_gpt.grading.guard as g; "
                            "print(g.__file__)"], cwd=tmp_path, env=env, capture_output=True,
                           text=True, check=True).stdout
    assert where.startswith(str(student)), where
    grade = subprocess.run([sys.executable, "-m", "pixels_to_gpt", "grade", "ch07_sampling",
                            "x.zip"], cwd=student, env=env, capture_output=True, text=True)
    assert grade.returncode != 0
    assert "invalid choice: 'grade'" in grade.stderr  # grading is the instructors' tool
    assert "Traceback" not in grade.stderr
    shipped = "\n".join(p.read_text(errors="replace") for p in student.rglob("*.py"))
    assert "import pixels_to_gpt_grader" not in shipped
    assert "from pixels_to_gpt_grader" not in shipped
    validate = subprocess.run([sys.executable, "-m", "pixels_to_gpt", "validate",
                               "exercises/ch07_sampling/sampling.ipynb"], cwd=student,
                              env=env, capture_output=True, text=True, timeout=600)
    assert validate.returncode == 1, validate.stdout + validate.stderr
    assert "NotImplementedError" in validate.stdout


def test_the_edition_is_a_git_repository_updated_in_place(tmp_path):
    out = tmp_path / "students"
    first = edition(out)
    assert first.returncode == 0, first.stderr
    log = subprocess.run(["git", "log", "--oneline"], cwd=out, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert len(log) == 1 and "Student edition" in log[0]
    status = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=out,
                            capture_output=True, text=True, check=True).stdout
    assert status == ""
    (out / "work" / "ch07_sampling").mkdir(parents=True)  # someone tried it out here
    (out / "work" / "ch07_sampling" / "sampling.ipynb").write_text("{}")
    again = edition(out)
    assert again.returncode == 0, again.stderr
    log = subprocess.run(["git", "log", "--oneline"], cwd=out, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert len(log) == 1, "nothing changed, so no new commit"
    assert (out / "work" / "ch07_sampling" / "sampling.ipynb").read_text() == "{}"
    assert json.loads((out / MARK).read_text())["edition"] == "student"


def test_the_edition_refuses_a_folder_that_is_not_one(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = edition(out, "--no-git")
    assert result.returncode == 2 and "is not a student edition" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_the_edition_refuses_exercises_that_hold_someones_work(tmp_path):
    course = tmp_path / "course"
    for name in ("book", "exercises", "pixels_to_gpt"):
        shutil.copytree(REPO / name, course / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "requirements.txt", "nbgrader_config.py"):
        shutil.copy2(REPO / name, course / name)
    released = course / "exercises" / "ch07_sampling" / "sampling.ipynb"
    nb = json.loads(released.read_text())
    nb["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi\n"}]
    released.write_text(json.dumps(nb))
    out = tmp_path / "students"
    result = edition(out, "--no-git", course=course)
    assert result.returncode == 2
    assert "exercises/ch07_sampling/sampling.ipynb is not a clean release" in result.stderr
    assert not out.exists()


def test_what_counts_as_someones_work(tmp_path):
    release = REPO / "exercises" / "ch07_sampling" / "sampling.ipynb"
    nb = json.loads(release.read_text())
    same = tmp_path / "same.ipynb"
    same.write_text(json.dumps(nb, indent=2))  # the same notebook, written otherwise
    assert student_work(same, release) == []
    text = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("locked")][0]
    text["source"] = "An instructor's new wording."  # a locked cell: the course's, not work
    edited = tmp_path / "edited.ipynb"
    edited.write_text(json.dumps(nb))
    assert student_work(edited, release) == []
    nb["cells"].append({"cell_type": "code", "metadata": {}, "source": "print(42)",
                        "outputs": [], "execution_count": None})
    edited.write_text(json.dumps(nb))
    assert student_work(edited, release) == ["1 cell(s) added"]
    assert student_work(edited, release, committed=edited.read_bytes()) == []
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{ not json")
    assert student_work(broken, release) != []
