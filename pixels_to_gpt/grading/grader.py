"""From a pile of submissions to grades, feedback and a report: `python -m pixels_to_gpt grade`.

    python -m pixels_to_gpt grade ch07_sampling downloads.zip --course . --jobs 2

1. collect: read a folder (`submitted/<student>/<assignment>/*.ipynb`, `<student>/*.ipynb`
   or a flat `<student>.ipynb` / LMS-named `<student>_<ids>_<file>.ipynb`) or a zip of one
   (nbgrader `zip_collect` naming); repair what can be repaired (a renamed notebook, broken
   JSON), note what cannot, and scan each student's own code for attempts to fool the tests;
2. grade: workers (`worker.py`), one per core, each with its own copy of the course,
   autograde the submissions with the kernel contained (`sandbox.py`) and write feedback
   without the hidden tests; the main process merges every result into the course's
   gradebook, one at a time;
3. report: `reports/<assignment>/grades.csv`, `report.md` and `histogram.png`, with every
   problem named per student. A student who could not be graded gets no number, never 0.0.

Results are kept per student (`reports/<assignment>/results/`): running the command again
grades only what is new, changed or unfinished.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat

from pixels_to_gpt.grading.course import is_test_cell, nbgrader_meta
from pixels_to_gpt.grading.notebooks import compare_with_release, read_submission
from pixels_to_gpt.grading.sandbox import Limits, require_bwrap
from pixels_to_gpt.grading.scan import scan_notebook

# Canvas-style download names: `smithjane_late_12345_67890_sampling-1.ipynb`
LMS_NAME = r"^(?P<student_id>[^_/]+)(?:_late)?(?:_\d+)+_(?P<file_id>.+\.ipynb)$"
IGNORED = {".ipynb_checkpoints", "__pycache__", "__MACOSX", ".DS_Store"}


class GradingError(RuntimeError):
    """The grading run itself cannot go on (not one student's problem)."""


@dataclass
class Intake:
    """One student's submission as collected, before grading."""

    student: str
    folder: Path | None = None  # the prepared folder a worker grades
    problems: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    status: str = "ready"  # ready | missing | unreadable
    key: str = ""
    names: dict = field(default_factory=dict)  # handed-in file -> the name nbgrader expects


# ------------------------------------------------------------------------------ the course
@dataclass
class CourseInfo:
    root: Path
    assignment: str
    source_dir: str
    release_dir: str
    notebooks: list[str]  # names without .ipynb
    points: dict[str, dict[str, float]]  # notebook -> test grade_id -> points

    @property
    def db(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def source_digest(self) -> str:
        h = hashlib.sha256()
        for name in self.notebooks:
            h.update((self.root / self.source_dir / self.assignment / f"{name}.ipynb")
                     .read_bytes())
        return h.hexdigest()


def _nbgrader(*args: str, cwd: Path) -> None:
    from pixels_to_gpt.grading.course import nbgrader

    nbgrader(*args, cwd=cwd)


def open_course(root: Path, assignment: str) -> CourseInfo:
    """The course directory's settings, with `assignment` in its gradebook."""
    from nbgrader.api import Gradebook, MissingEntry
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(root).resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise GradingError(f"{root} is not an nbgrader course directory (no nbgrader_config.py)")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    source_dir = config.CourseDirectory.get("source_directory", "source")
    release_dir = config.CourseDirectory.get("release_directory", "release")
    source = root / source_dir / assignment
    notebooks = sorted(p.stem for p in source.glob("*.ipynb"))
    if not notebooks:
        raise GradingError(f"no notebooks in {source}: is {assignment!r} the assignment's name?")
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        try:
            known = {nb.name for nb in gb.find_assignment(assignment).notebooks}
        except MissingEntry:
            known = set()
    released = all((root / release_dir / assignment / f"{n}.ipynb").is_file() for n in notebooks)
    if known != set(notebooks) or not released:
        _nbgrader("generate_assignment", assignment, "--force", cwd=root)
    points = {}
    for name in notebooks:
        nb = nbformat.read(source / f"{name}.ipynb", as_version=4)
        points[name] = {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c)["points"])
                        for c in nb.cells if is_test_cell(c)}
    return CourseInfo(root, assignment, source_dir, release_dir, notebooks, points)


# ------------------------------------------------------------------------------- collecting
def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()
                  and not IGNORED & set(p.relative_to(folder).parts))


def _extract(archive: Path, target: Path) -> Path:
    """Unpack an LMS zip like nbgrader's zip_collect: into downloaded/<a>/extracted/."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with zipfile.ZipFile(archive) as zf:
        for member in zf.infolist():
            name = Path(member.filename)
            if member.is_dir() or name.is_absolute() or ".." in name.parts:
                continue
            out = target / name
            out.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst)
            if out.suffix == ".zip":
                _extract(out, out.with_suffix(""))
                out.unlink()
    return target


def find_submissions(path: Path, course: CourseInfo, named_regexp: str = LMS_NAME
                     ) -> dict[str, list[Path]]:
    """student -> the files they handed in, for any of the accepted layouts.

    A notebook in a flat folder is named after its student, so its own name says nothing:
    it is listed as `FlatNotebook`, which `prepare` takes as the notebook whatever its name.
    """
    if path.is_file() and zipfile.is_zipfile(path):
        path = _extract(path, course.root / "downloaded" / course.assignment / "extracted")
    if not path.is_dir():
        raise GradingError(f"{path} is neither a folder nor a zip file")
    if (path / "submitted").is_dir():
        path = path / "submitted"
    found: dict[str, list[Path]] = {}
    pattern = re.compile(named_regexp)
    for entry in sorted(path.iterdir()):
        if entry.name in IGNORED or entry.name.startswith("."):
            continue
        if entry.is_dir():
            inner = entry / course.assignment
            found.setdefault(entry.name, []).extend(_files(inner if inner.is_dir() else entry))
        elif entry.suffix == ".ipynb":
            match = pattern.match(entry.name)
            student = match.group("student_id") if match else entry.stem
            found.setdefault(student, []).append(FlatNotebook(entry))
    return found


class FlatNotebook(type(Path())):
    """A notebook file whose name is the student's, not the notebook's."""


def _pick_notebook(files: list[Path], name: str, release: nbformat.NotebookNode
                   ) -> tuple[Path | None, str | None]:
    """The file that is the student's `name`.ipynb, and a note if it was renamed."""
    notebooks = [f for f in files if f.suffix == ".ipynb"]
    exact = [f for f in notebooks if f.name == f"{name}.ipynb"]
    if exact:
        return exact[0], None
    if len(notebooks) == 1 and isinstance(notebooks[0], FlatNotebook):
        return notebooks[0], None
    ids = {nbgrader_meta(c).get("grade_id") for c in release.cells} - {None}
    best, best_score = None, -1
    for f in notebooks:
        text = f.read_text(errors="replace")
        score = sum(f'"grade_id": "{i}"' in text for i in ids)
        if score > best_score:
            best, best_score = f, score
    if best is None or (best_score == 0 and len(notebooks) > 1):
        return None, None
    return best, f"notebook handed in as {best.name!r}, graded as {name}.ipynb"


def prepare(student: str, files: list[Path], course: CourseInfo, work: Path) -> Intake:
    """Read, repair and scan one student's files into `work/<student>/` for grading."""
    intake = Intake(student)
    target = work / student
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    digest = hashlib.sha256(course.source_digest().encode())
    notebook_files = set()
    for name in course.notebooks:
        release = nbformat.read(course.root / course.release_dir / course.assignment
                                / f"{name}.ipynb", as_version=4)
        path, note = _pick_notebook(files, name, release)
        if path is None:
            others = ", ".join(f.name for f in files)
            intake.problems.append(f"missing: no {name}.ipynb in the submission (found "
                                   f"{others})" if files else "missing: nothing handed in")
            intake.status = "missing"
            continue
        notebook_files.add(path)
        intake.names[path] = f"{name}.ipynb"
        data = path.read_bytes()
        digest.update(data)
        if note:
            intake.problems.append(note)
        reading = read_submission(data)
        intake.problems += reading.problems
        if reading.notebook is None:
            intake.status = "unreadable"
            continue
        intake.problems += compare_with_release(reading.notebook, release)
        intake.findings += [f"{name}: {f}" for f in scan_notebook(reading.notebook)]
        nbformat.write(reading.notebook, target / f"{name}.ipynb")
    for f in files:  # data files, timestamp.txt: as handed in
        if f not in notebook_files and f.suffix != ".ipynb":
            digest.update(f.name.encode() + f.read_bytes())
            shutil.copy(f, target / f.name)
    intake.folder = target
    intake.key = digest.hexdigest()
    return intake


# --------------------------------------------------------------------------------- grading
@dataclass
class Options:
    jobs: int = max(1, os.cpu_count() or 1)
    limits: Limits = field(default_factory=Limits)
    sandbox: bool = True
    timeout: int | None = None  # per cell, overrides the course's Execute.timeout
    force: bool = False
    progress: bool = True
    student_deadline: int = 1800  # seconds a worker may spend on one submission


class _WorkerProcess:
    def __init__(self, course: CourseInfo, options: Options, log: Path) -> None:
        spec = {"course": str(course.root), "assignment": course.assignment,
                "limits": asdict(options.limits), "sandbox": options.sandbox,
                "timeout": options.timeout}
        self.log = open(log, "a")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pixels_to_gpt.grading.worker", json.dumps(spec)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True,
            cwd=course.root, start_new_session=True)
        self.replies: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.replies.put(line)
        self.replies.put(None)

    def run(self, task: dict, deadline: float) -> dict:
        try:
            self.proc.stdin.write(json.dumps(task) + "\n")
            self.proc.stdin.flush()
            line = self.replies.get(timeout=deadline)
        except (BrokenPipeError, OSError, queue.Empty):
            line = None
        if line is None:
            return {"ok": False, "crashed": True}
        return json.loads(line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.kill()
        self.log.close()

    def kill(self) -> None:
        import signal

        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


def _write_result(path: Path, result: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, indent=1))
    tmp.replace(path)


def _run_workers(tasks: list[dict], course: CourseInfo, options: Options, out: Path,
                 on_result) -> None:
    todo: queue.Queue = queue.Queue()
    for task in tasks:
        todo.put(task)
    done: queue.Queue = queue.Queue()

    def loop(number: int) -> None:
        worker = None
        try:
            while True:
                try:
                    task = todo.get_nowait()
                except queue.Empty:
                    return
                if worker is None:
                    worker = _WorkerProcess(course, options, out / f"worker-{number}.log")
                reply = worker.run(task, options.student_deadline)
                if reply.get("crashed") or not reply.get("ok"):
                    why = reply.get("error") or (
                        f"the grading process stopped or took longer than "
                        f"{options.student_deadline} s on this submission (see "
                        f"worker-{number}.log)")
                    if reply.get("crashed"):
                        worker.kill()
                        worker = None
                    result = {"student": task["student"], "graded": False,
                              "problems": [f"not graded: {why}"]}
                    _write_result(Path(task["result"]), result)
                done.put(task)
        finally:
            if worker is not None:
                worker.stop()

    threads = [threading.Thread(target=loop, args=(i,), daemon=True)
               for i in range(min(options.jobs, len(tasks)))]
    for t in threads:
        t.start()
    for _ in tasks:
        on_result(done.get())
    for t in threads:
        t.join()


def merge(course: CourseInfo, result: dict) -> None:
    """Write one graded student's scores into the course's gradebook."""
    import warnings

    from nbgrader.api import Gradebook

    if not result.get("graded"):
        return
    with Gradebook(course.db) as gb, warnings.catch_warnings():
        # nbgrader's own update_or_create_submission triggers SQLAlchemy's autoflush notes
        warnings.simplefilter("ignore")
        gb.update_or_create_student(result["student"])
        stamp = result.get("timestamp")
        kwargs = {"timestamp": datetime.fromisoformat(stamp)} if stamp else {}
        submission = gb.update_or_create_submission(course.assignment, result["student"],
                                                    **kwargs)
        for notebook in submission.notebooks:
            grades = result["notebooks"].get(notebook.name, {})
            for grade in notebook.grades:
                if grade.name in grades:
                    grade.auto_score = grades[grade.name]["auto_score"]
                    if grade.manual_score is None:  # a person's grade stays
                        grade.needs_manual_grade = grades[grade.name]["needs_manual_grade"]
            comments = result.get("comments", {}).get(notebook.name, {})
            for comment in notebook.comments:
                if comment.name in comments:
                    comment.auto_comment = comments[comment.name]
        gb.db.commit()


# -------------------------------------------------------------------------------- the run
@dataclass
class Outcome:
    report: Path
    csv: Path
    histogram: Path
    rows: list[dict]
    graded_now: list[str]


def grade(assignment: str, submissions: Path, course_root: Path = Path("."),
          options: Options | None = None, roster: list[str] | None = None,
          named_regexp: str = LMS_NAME, out: Path | None = None) -> Outcome:
    """Grade every submission of `assignment`; see the module's docstring."""
    from pixels_to_gpt.grading.report import write_report

    options = options or Options()
    if options.sandbox:
        require_bwrap()
    course = open_course(Path(course_root), assignment)
    out = Path(out) if out else course.root / "reports" / assignment
    results_dir = out / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    prepared = out / "prepared"
    found = find_submissions(Path(submissions).resolve(), course, named_regexp)
    for student in _roster(course, roster):
        found.setdefault(student, [])

    intakes = {s: prepare(s, files, course, prepared) for s, files in sorted(found.items())}
    settings = json.dumps([asdict(options.limits), options.sandbox, options.timeout])
    tasks = []
    for student, intake in intakes.items():
        intake.key = hashlib.sha256((intake.key + settings).encode()).hexdigest()
        path = results_dir / f"{student}.json"
        _keep_submitted(course, student, found[student], intake.names)
        if intake.status != "ready" or not intake.folder:
            _write_result(path, {"student": student, "graded": False, "key": intake.key,
                                 "status": intake.status})
            # feedback of an earlier submission must not go out with this one
            shutil.rmtree(course.root / "feedback" / student / assignment, ignore_errors=True)
            continue
        old = json.loads(path.read_text()) if path.is_file() else {}
        if not options.force and old.get("key") == intake.key and "graded" in old and (
                not old["graded"] or (course.root / "feedback" / student / assignment).is_dir()):
            continue
        path.unlink(missing_ok=True)
        tasks.append({"student": student, "submitted": str(intake.folder),
                      "result": str(path), "key": intake.key})

    bar = None
    if options.progress and tasks:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), desc=f"grading {assignment}", unit="submission")

    def on_result(task: dict) -> None:
        path = Path(task["result"])
        result = json.loads(path.read_text())
        result["key"] = task["key"]
        _write_result(path, result)
        merge(course, result)
        if not result.get("graded"):  # feedback of an earlier submission must not go out
            shutil.rmtree(course.root / "feedback" / task["student"] / assignment,
                          ignore_errors=True)
        if bar is not None:
            bar.update()
            if not result.get("graded"):
                bar.set_postfix_str(f"not graded: {task['student']}")

    try:
        _run_workers(tasks, course, options, out, on_result)
    finally:
        if bar is not None:
            bar.close()
    rows = []
    for student, intake in intakes.items():
        result = json.loads((results_dir / f"{student}.json").read_text())
        rows.append(_row(course, intake, result))
    paths = write_report(out, course.assignment, course.points, rows)
    return Outcome(*paths, rows=rows, graded_now=[t["student"] for t in tasks])


def _roster(course: CourseInfo, roster: list[str] | None) -> list[str]:
    from nbgrader.api import Gradebook

    with Gradebook(course.db) as gb:
        known = [s.id for s in gb.students]
    return sorted(set(known) | set(roster or []))


def _keep_submitted(course: CourseInfo, student: str, files: list[Path], names: dict) -> None:
    """The files as handed in, under submitted/ (nbgrader's record), unless already there."""
    target = course.root / "submitted" / student / course.assignment
    if not files or all(target in f.parents for f in files):
        return
    target.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, target / names.get(f, f.name))


def _row(course: CourseInfo, intake: Intake, result: dict) -> dict:
    problems = list(intake.problems) + [p for p in result.get("problems", [])
                                        if p not in intake.problems]
    row = {"student": intake.student, "score": None,
           "max_score": sum(sum(p.values()) for p in course.points.values()),
           "questions": {}, "problems": problems, "findings": intake.findings}
    if intake.status == "missing":
        row["status"] = "missing"
    elif intake.status == "unreadable":
        row["status"] = "not graded"
    elif not result.get("graded"):
        row["status"] = "not graded"
    else:
        score = 0.0
        for name, points in course.points.items():
            cells = result["notebooks"].get(name, {})
            for grade_id in points:
                cell = cells.get(grade_id, {})
                value = cell.get("auto_score")
                row["questions"][grade_id] = value
                score += value or 0.0
        row["score"] = score
        row["status"] = "graded" if not problems and not intake.findings else "check"
    return row


def write_csv(path: Path, points: dict[str, dict[str, float]], rows: list[dict]) -> None:
    questions = [q for nb in points.values() for q in nb]
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "status", "score", "max_score", *questions, "problems",
                         "suspicious_code"])
        for row in rows:
            writer.writerow([
                row["student"], row["status"],
                "" if row["score"] is None else f"{row['score']:g}", f"{row['max_score']:g}",
                *("" if row["questions"].get(q) is None else f"{row['questions'][q]:g}"
                  for q in questions),
                " | ".join(row["problems"]), " | ".join(row["findings"]),
            ])
