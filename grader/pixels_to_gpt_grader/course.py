"""Running real nbgrader on the course's assignments, in a throw-away course directory.

Used by the tests that grade catalogues of wrong and correct implementations, and by anyone
who wants to know what a given set of answers would score:

    course = Course.create(tmp_path, repo_root, "ch07_sampling")
    nb = course.submission({"softmax": "def softmax(logits, dim=-1): ..."})
    scores = course.autograde({"alice": nb})   # {"alice": {"test_softmax": (0.0, 3.0), ...}}
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"


def gradebook_url(course_root: Path, timeout_s: float | None = None) -> str:
    """The SQLAlchemy URL of the course's gradebook (`gradebook.db`, nbgrader's default);
    `timeout_s`: how long SQLite waits for another program's lock before it fails."""
    url = f"sqlite:///{Path(course_root) / 'gradebook.db'}"
    return url if timeout_s is None else f"{url}?timeout={timeout_s:g}"


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_answer_cell(cell) -> bool:
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and meta.get("solution", False) and not meta.get("grade")


def is_test_cell(cell) -> bool:
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution")


def strip_solution_markers(source: str) -> str:
    """The instructor's answer as a student would type it: the delimiter lines removed."""
    keep = [line for line in source.splitlines() if line.strip() not in (SOLUTION_BEGIN,
                                                                         SOLUTION_END)]
    return "\n".join(keep)


def nbgrader(*args: str, cwd: Path, timeout: float = 3600,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run an nbgrader command in `cwd` (with `env` added), failing loudly with its output."""
    # nbgrader runs helpers (alembic) by name: the interpreter's own bin/ must come first
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1",
           "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n"
            f"{result.stderr}"
        )
    return result


@dataclass
class Course:
    """A course directory holding one assignment, released from the repository's source."""

    root: Path
    assignment: str
    notebook: str  # notebook name without .ipynb

    @classmethod
    def create(cls, root: Path, repo: Path, assignment: str) -> Course:
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        shutil.copy(repo / "nbgrader_config.py", root / "nbgrader_config.py")
        shutil.copytree(repo / "solutions" / assignment, root / "solutions" / assignment)
        nbgrader("generate_assignment", assignment, "--force", cwd=root)
        notebooks = sorted((root / "solutions" / assignment).glob("*.ipynb"))
        if len(notebooks) != 1:
            raise ValueError(f"{assignment} should hold one notebook, found {len(notebooks)}")
        return cls(root, assignment, notebooks[0].stem)

    @property
    def source_path(self) -> Path:
        return self.root / "solutions" / self.assignment / f"{self.notebook}.ipynb"

    @property
    def release_path(self) -> Path:
        return self.root / "exercises" / self.assignment / f"{self.notebook}.ipynb"

    def reference_answers(self) -> dict[str, str]:
        """grade_id -> the instructor's answer, for every answer cell."""
        nb = nbformat.read(self.source_path, as_version=4)
        return {nbgrader_meta(c)["grade_id"]: strip_solution_markers(c.source)
                for c in nb.cells if is_answer_cell(c)}

    def test_points(self) -> dict[str, float]:
        """grade_id -> points, for every autograded test cell."""
        nb = nbformat.read(self.source_path, as_version=4)
        return {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c)["points"])
                for c in nb.cells if is_test_cell(c)}

    def submission(
        self, answers: dict[str, str] | None = None, use_reference: bool = True
    ) -> nbformat.NotebookNode:
        """The released notebook with answer cells filled in.

        Every answer cell gets `answers[grade_id]` if given, else the reference answer (or,
        with use_reference=False, stays as released).
        """
        nb = nbformat.read(self.release_path, as_version=4)
        reference = self.reference_answers() if use_reference else {}
        answers = answers or {}
        unknown = set(answers) - {nbgrader_meta(c).get("grade_id") for c in nb.cells}
        if unknown:
            raise KeyError(f"no answer cells named {sorted(unknown)} in {self.assignment}")
        nb = copy.deepcopy(nb)
        for cell in nb.cells:
            grade_id = nbgrader_meta(cell).get("grade_id")
            if is_answer_cell(cell):
                if grade_id in answers:
                    cell.source = answers[grade_id]
                elif grade_id in reference:
                    cell.source = reference[grade_id]
        return nb

    def autograde(
        self, submissions: dict[str, nbformat.NotebookNode | bytes]
    ) -> dict[str, dict[str, tuple[float | None, float]]]:
        """Autograde each student's notebook; return student -> test grade_id -> (score, max).

        A submission may be raw bytes (to test broken files). A score of None means nbgrader
        could not grade that cell.
        """
        for student, nb in submissions.items():
            folder = self.root / "submitted" / student / self.assignment
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{self.notebook}.ipynb"
            if isinstance(nb, bytes):
                path.write_bytes(nb)
            else:
                nbformat.write(nb, path)
        from pixels_to_gpt_grader.warm_kernel import warm_kernels

        with warm_kernels(self.root / ".warm") as (kernel, env):
            nbgrader("autograde", self.assignment, "--create", f"--Execute.kernel_name={kernel}",
                     cwd=self.root, env=env)
        return self.scores(list(submissions))

    def scores(self, students: list[str]) -> dict[str, dict[str, tuple[float | None, float]]]:
        from nbgrader.api import Gradebook, MissingEntry

        result: dict[str, dict[str, tuple[float | None, float]]] = {}
        with Gradebook(gradebook_url(self.root)) as gb:
            for student in students:
                result[student] = {}
                for grade_id, points in self.test_points().items():
                    try:
                        grade = gb.find_grade(grade_id, self.notebook, self.assignment, student)
                        result[student][grade_id] = (grade.score, points)
                    except MissingEntry:
                        result[student][grade_id] = (None, points)
        return result
