"""One grading worker: autogrades submissions one after another in its own course directory.

`pixels_to_gpt_grader.grader` starts one worker per core. A worker holds a private copy of
the course (config, source, gradebook) in a temporary folder, so workers never share a
gradebook; the main process merges what they report into the real one, one at a time.
Each task arrives as one JSON line on stdin; the worker answers with one line on stdout
when the task's result file is written:

    {"student": "alice", "submitted": "/course/submitted/alice/ch07_sampling",
     "result": "/course/grading/ch07_sampling/results/alice.json"}

For each submission the worker runs nbgrader's autograde (the kernel contained by
`sandbox`), and when a cell kills or hangs the kernel it replaces the cell to blame with one
that fails with the reason and grades again, so that everything else still counts. Then it
writes the feedback from a copy of the graded notebook without hidden tests.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import shutil
import sqlite3
import stat
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from pixels_to_gpt_grader import environment, verdict
from pixels_to_gpt_grader.course import gradebook_url, is_test_cell, nbgrader_meta
from pixels_to_gpt_grader.notebooks import feedback_copy, hidden_fingerprints, neutralize
from pixels_to_gpt_grader.sandbox import Limits, write_kernelspec

PROGRESS = environment.PROGRESS_FILE


def _record_progress(cell=None, cell_index=None, **_):
    """nbclient hook: note the cell about to run, so a dead kernel can be blamed on it."""
    path = os.environ.get(PROGRESS)
    if not path or cell is None:
        return
    mark = {"index": cell_index, "id": cell.get("id"), "source": cell.get("source"),
            "grade_id": nbgrader_meta(cell).get("grade_id"), "test": is_test_cell(cell),
            "started": time.time()}
    Path(path).write_text(json.dumps(mark))


# What nbgrader's log and a graded cell's output say when nbclient stopped a cell: the names
# of nbclient's own exceptions (not retyped), and the words of its timeout message.
TIMED_OUT = (CellTimeoutError.__name__, "Timeout waiting for")
KERNEL_DIED = (DeadKernelError.__name__, "Kernel died")


def _reason(log: str, timeout: int | None) -> str:
    if any(words in log for words in TIMED_OUT):
        return (f"it did not stop when interrupted after the time limit ({timeout} s): an "
                "endless loop that catches KeyboardInterrupt, or very slow code")
    if any(words in log for words in KERNEL_DIED):
        return ("the Python process died while it ran (os._exit, a crash, or the CPU-time or "
                "memory limit)")
    lines = [ln for ln in log.strip().splitlines() if ln.strip()]
    return "nbgrader failed: " + (lines[-1][:300] if lines else "no log")


class Worker:
    def __init__(self, course: Path, assignment: str, limits: Limits, sandbox: bool,
                 timeout: int | None) -> None:
        from traitlets.config.loader import PyFileConfigLoader

        self.assignment = assignment
        self.limits = limits
        self.home = Path(tempfile.mkdtemp(prefix="p2g-"))  # short: ipc socket paths
        self.root = self.home / "c"
        self.root.mkdir()
        shutil.copy(course / "nbgrader_config.py", self.root / "nbgrader_config.py")
        config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
        source = config.CourseDirectory.get("source_directory", "source")
        shutil.copytree(course / source / assignment, self.root / source / assignment)
        sources = [nbformat.read(p, as_version=4)
                   for p in sorted((self.root / source / assignment).glob("*.ipynb"))]
        self.fingerprints = set().union(*(hidden_fingerprints(nb) for nb in sources))
        self.locked = {nbgrader_meta(c).get("grade_id") for nb in sources for c in nb.cells
                       if nbgrader_meta(c).get("locked")} - {None}
        self.sandbox = sandbox
        # a consistent snapshot, even while the main process merges into the gradebook
        src = sqlite3.connect(course / "gradebook.db", timeout=300)  # waits out a lock
        dst = sqlite3.connect(self.root / "gradebook.db")
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        for sub in ("run", "jupyter"):
            (self.home / sub).mkdir()
        os.environ["JUPYTER_PATH"] = str(self.home / "jupyter")
        os.environ["JUPYTER_RUNTIME_DIR"] = str(self.home / "run")
        os.environ[PROGRESS] = str(self.home / "progress.json")
        private = [str(course.resolve()), str(self.root / "gradebook.db"),
                   str(self.root / source), str(self.root / "submitted")]
        kernel = write_kernelspec(self.home / "jupyter", limits, sandbox=sandbox,
                                  private=private)

        self.runs = self.home / "run"
        config.CourseDirectory.root = str(self.root)
        config.CourseDirectory.db_url = gradebook_url(self.root)
        config.Execute.kernel_name = kernel
        config.Execute.on_cell_execute = _record_progress
        if timeout:
            config.Execute.timeout = timeout
        if sandbox:
            config.KernelManager.transport = "ipc"
        self.timeout = config.Execute.get("timeout", 30)
        self.config = config
        self.course = course

    def api(self):
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        coursedir = CourseDirectory(config=self.config)
        return NbGraderAPI(coursedir=coursedir, config=self.config)

    def _scores(self, student: str) -> dict:
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(gradebook_url(self.root)) as gb:
            try:
                submission = gb.find_submission(self.assignment, student)
            except MissingEntry:
                return {}
            out = {"timestamp": submission.timestamp.isoformat() if submission.timestamp
                   else None, "notebooks": {}}
            for notebook in submission.notebooks:
                cells = out["notebooks"][notebook.name] = {}
                for grade in notebook.grades:
                    cells[grade.name] = {"auto_score": grade.auto_score,
                                         "max_score": grade.max_score,
                                         "needs_manual_grade": grade.needs_manual_grade}
                comments = {c.name: c.auto_comment for c in notebook.comments}
                out.setdefault("comments", {})[notebook.name] = comments
            return out

    def grade(self, student: str, submitted: Path, result_path: Path) -> dict:
        """Autograde one student's submission folder; write and return the result."""
        # the kernel's sockets live in a folder of this student's own, gone afterwards:
        # nothing one student leaves there reaches the next
        run = Path(tempfile.mkdtemp(prefix="r", dir=self.runs))
        if self.sandbox:
            self.config.KernelManager.ip = str(run / "k")
        try:
            return self._grade(student, submitted, result_path)
        finally:
            shutil.rmtree(run, ignore_errors=True)

    def _grade(self, student: str, submitted: Path, result_path: Path) -> dict:
        started = time.time()
        work = self.root / "submitted" / student / self.assignment
        shutil.rmtree(self.root / "submitted" / student, ignore_errors=True)
        shutil.copytree(submitted, work)
        notebooks = sorted(work.glob("*.ipynb"))
        problems: list[str] = []
        api = self.api()
        attempts = 0
        success = False
        log_tail = ""
        while True:
            attempts += 1
            progress = Path(os.environ[PROGRESS])
            progress.unlink(missing_ok=True)
            with contextlib.redirect_stdout(io.StringIO()):
                outcome = api.autograde(self.assignment, student, force=True, create=True)
            scores = self._scores(student)
            graded = bool(scores) and all(
                g["auto_score"] is not None or g["needs_manual_grade"] is False
                for nb in scores["notebooks"].values() for g in nb.values())
            if outcome["success"] and graded:
                success = True
                break
            log = outcome.get("log", "") + outcome.get("error", "")
            reason = _reason(log, self.timeout)
            if not progress.exists() or attempts > 12:
                problems.append(f"not graded: {reason}")
                log_tail = log[-4000:]
                break
            mark = json.loads(progress.read_text())
            fixed = None
            for path in notebooks:
                nb = nbformat.read(path, as_version=4)
                fixed = neutralize(nb, mark, reason)
                if fixed:
                    nbformat.write(nb, path)
                    break
            where = mark.get("grade_id") or f"cell {int(mark.get('index', 0)) + 1}"
            if not fixed:
                problems.append(f"not graded: {reason} (in {where})")
                log_tail = log[-4000:]
                break
            problems.append(f"{where}: {reason}; not run: {fixed} (graded without it)")
        result = {"student": student, "graded": success, "problems": problems,
                  "attempts": attempts, "seconds": round(time.time() - started, 2),
                  "log": log_tail}
        if success:
            scores = self._scores(student)
            notes = self._outside_check(student, notebooks, scores, result)
            result.update(scores)
            result["problems"] += self._output_problems(student)
            self._feedback(student, notes)
        tmp = result_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(result, indent=1))
        tmp.replace(result_path)
        return result

    def _outside_check(self, student: str, notebooks: list[Path], scores: dict,
                       result: dict) -> dict[str, str]:
        """The grader's own check (verdict.py) of the submission, outside its kernel.

        Each question keeps the lower of the two scores, here and in the gradebook that the
        feedback is made from; a pass in the kernel that the check refutes is flagged.
        Returns the check's message for each question it failed.
        """
        submitted = {p.stem: nbformat.read(p, as_version=4) for p in notebooks}
        if len(submitted) != 1:
            return {}  # the course's assignments have one notebook each
        (name, nb), = submitted.items()
        for cell in nb.cells:  # the released set-up is replaced by the check's own prelude
            if nbgrader_meta(cell).get("grade_id") not in self.locked:
                cell.metadata.get("nbgrader", {}).pop("locked", None)
        found = verdict.check_notebook(self.assignment, nb, sandbox=self.sandbox,
                                       limits=self.limits)
        if found is None:
            return {}
        kernel = scores["notebooks"].get(name, {})
        result["kernel"] = {test: grade["auto_score"] for test, grade in kernel.items()}
        final, flags, messages = verdict.combine(kernel, found)
        scores["notebooks"][name] = final
        result["flags"] = flags
        result["outside_check"] = {test: message for test, message in found.failures.items()}
        from nbgrader.api import Gradebook

        with Gradebook(gradebook_url(self.root)) as gb:
            for test, grade in final.items():
                stored = gb.find_grade(test, name, self.assignment, student)
                if stored.auto_score != grade["auto_score"]:
                    stored.auto_score = grade["auto_score"]
            gb.db.commit()
        return messages

    def _output_problems(self, student: str) -> list[str]:
        """Memory, output and time limits hit in cells that otherwise ran."""
        problems = []
        folder = self.root / "autograded" / student / self.assignment
        for path in sorted(folder.glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            for index, cell in enumerate(nb.cells):
                name = nbgrader_meta(cell).get("grade_id") or f"cell {index + 1}"
                for output in cell.get("outputs", []):
                    text = output.get("text", "") + output.get("evalue", "") + output.get(
                        "ename", "")
                    if "MemoryError" in text or "can't allocate memory" in text:
                        problems.append(f"{name}: hit the memory limit "
                                        f"({self.limits.memory_mb} MB)")
                    if "output truncated by the grader" in text:
                        problems.append(f"{name}: printed more than {self.limits.output_kb} "
                                        "KB (truncated)")
                    if TIMED_OUT[0] in text:
                        problems.append(f"{name}: stopped after the time limit "
                                        f"({self.timeout} s)")
        return sorted(set(problems), key=problems.index)

    def _feedback(self, student: str, notes: dict[str, str]) -> None:
        """Feedback HTML made from the graded notebook alone, its hidden tests removed."""
        graded = self.root / "autograded" / student / self.assignment
        shown = self.root / "shown" / student / self.assignment
        shutil.rmtree(self.root / "shown" / student, ignore_errors=True)
        shown.mkdir(parents=True)
        for path in graded.glob("*.ipynb"):  # the notebook only: no file the student made
            nb = feedback_copy(nbformat.read(path, as_version=4), self.fingerprints, notes)
            nbformat.write(nb, shown / path.name)
        api = self.api()
        api.coursedir.autograded_directory = "shown"
        with contextlib.redirect_stdout(io.StringIO()):
            outcome = api.generate_feedback(self.assignment, student, force=True)
        if not outcome["success"]:
            raise RuntimeError(outcome.get("log", "") + outcome.get("error", ""))
        # into the real course: the graded notebook (for the instructor), the feedback (for
        # the student); each student has folders of their own, so workers never collide
        feedback = self.root / "feedback" / student / self.assignment
        copy_out(graded, self.course / "autograded" / student / self.assignment)
        copy_out(feedback, self.course / "feedback" / student / self.assignment,
                 suffixes=(".html",))

    def close(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)


COPY_OUT_MB = 64  # at most this much of one student's files leaves the worker


def copy_out(source: Path, target: Path, suffixes: tuple[str, ...] | None = None,
             limit_mb: int = COPY_OUT_MB) -> None:
    """Copy the regular files of `source` into a fresh `target`: no link is followed or
    copied, no special file, and no more than `limit_mb` in all (larger files are left)."""
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    budget = limit_mb * 2**20
    for folder, _, names in os.walk(source):  # does not descend into linked folders
        for name in sorted(names):
            path = Path(folder) / name
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode) or (suffixes and path.suffix not in suffixes):
                continue  # links, FIFOs, devices, sockets: never read
            if info.st_size > budget:
                continue
            budget -= info.st_size
            target_file = staging / path.relative_to(source)
            target_file.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "rb") as src, open(target_file, "wb") as dst:
                shutil.copyfileobj(src, dst)
    shutil.rmtree(target, ignore_errors=True)
    staging.replace(target)


def main() -> None:
    options = json.loads(sys.argv[1])
    limits = Limits(**options["limits"])
    # the worker itself may use some memory beyond its kernel, but not the machine's
    mb = 1024 * 1024
    cap = (limits.memory_mb + 3072) * mb
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    worker = Worker(Path(options["course"]), options["assignment"], limits,
                    options["sandbox"], options.get("timeout"))
    try:
        for line in sys.stdin:
            task = json.loads(line)
            try:
                worker.grade(task["student"], Path(task["submitted"]), Path(task["result"]))
                print(json.dumps({"student": task["student"], "ok": True}), flush=True)
            except Exception as error:  # reported for this student only
                print(json.dumps({"student": task["student"], "ok": False,
                                  "error": f"{type(error).__name__}: {error}"[:2000]}),
                      flush=True)
    finally:
        worker.close()


if __name__ == "__main__":
    main()
