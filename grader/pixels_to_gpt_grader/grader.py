"""From a pile of submissions to grades, feedback and a report (the `grade` command).

    python -m pixels_to_gpt_grader grade ch07_sampling downloads.zip --course . --jobs 2

1. collect (`intake.py`): read a folder or a zip as learning platforms deliver them (nbgrader,
   Canvas, Moodle, flat, per-student zips), keep each student's newest hand-in, repair what
   can be repaired (a renamed notebook, broken JSON), note what cannot, and scan each
   student's own code for attempts to fool the tests;
2. grade: workers (`worker.py`), one per core, each with its own copy of the course,
   autograde the submissions with the kernel contained (`sandbox.py`) and write feedback
   without the hidden tests; the main process merges every result into the course's
   gradebook, one at a time, waiting while the gradebook is locked;
3. report: `reports/<assignment>/grades.csv`, `report.md` and `histogram.png`, with every
   problem named per student, answers that are the reference's code or another student's
   (`similarity.py`), and the grades in files Canvas and Moodle import (`export.py`). A
   student who could not be graded gets no number, never 0.0.

Nothing an instructor types can destroy work: the assignment must be exactly a folder of the
course's source directory (`solutions/`), checked before anything is written, and bad input
(no such path, nothing in it) stops the command before any file changes. Each run adds to
the earlier ones: the gradebook is the truth, `reports/<assignment>/results/` keeps one
result per student (written once its merge is committed), and the report lists every
student ever graded with their newest submission; a student whose newest submission cannot
be graded keeps the earlier grade and feedback, with a note. Running the command again
grades only what is new, changed or unfinished; Ctrl-C stops the workers at once, and the
same command finishes the rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat

from pixels_to_gpt_grader.course import gradebook_url, is_test_cell, nbgrader_meta
from pixels_to_gpt_grader.errors import GradingRunError
from pixels_to_gpt_grader.intake import (
    LMS_NAME,
    BadId,
    Intake,
    collect,
    platform_of,
    prepare,
    settle_ids,
    shown,
    student_id,
)
from pixels_to_gpt_grader.sandbox import Limits, require_bwrap

LOCK_WAIT_S = 300  # how long a merge waits for a gradebook another program holds


class GradingInterrupted(RuntimeError):
    """Ctrl-C (or SIGTERM): the workers are stopped, finished results are kept."""


# ------------------------------------------------------------------------------ the course
@dataclass
class CourseInfo:
    root: Path
    assignment: str
    source_dir: str
    release_dir: str
    notebooks: list[str]  # names without .ipynb
    points: dict[str, dict[str, float]]  # notebook -> test grade_id -> points
    assignments: list[str] = field(default_factory=list)  # every assignment of the course

    @property
    def db(self) -> str:
        # a short busy timeout: waiting longer is merge()'s business, Ctrl-C stays prompt
        return gradebook_url(self.root, timeout_s=2)

    def source_digest(self) -> str:
        h = hashlib.sha256()
        for name in self.notebooks:
            h.update((self.root / self.source_dir / self.assignment / f"{name}.ipynb")
                     .read_bytes())
        return h.hexdigest()


def _nbgrader(*args: str, cwd: Path) -> None:
    from pixels_to_gpt_grader.course import nbgrader

    nbgrader(*args, cwd=cwd)


def tools_on_path() -> None:
    """Put the running Python's bin/ first on PATH, for everything the command starts.

    nbgrader runs `alembic` by name when it creates a gradebook; without the environment
    activated it would not be found (and the gradebook would lack its schema version).
    """
    bin_dir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if parts[:1] != [bin_dir]:
        os.environ["PATH"] = os.pathsep.join([bin_dir, *[p for p in parts if p != bin_dir]])


def read_course(root: Path, assignment: str) -> CourseInfo:
    """The course's settings and `assignment`'s notebooks and points, writing nothing.

    `assignment` must be exactly the name of a folder of the source directory: not a path,
    not another case, not a prefix.
    """
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(root).resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise GradingRunError(f"{root} is not an nbgrader course directory (no nbgrader_config.py)")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    source_dir = config.CourseDirectory.get("source_directory", "source")
    release_dir = config.CourseDirectory.get("release_directory", "release")
    source_root = root / source_dir
    try:
        names = sorted(p.name for p in source_root.iterdir()
                       if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))
    except OSError:
        names = []
    if assignment not in names:
        listed = ", ".join(names) if names else "none"
        raise GradingRunError(
            f"{assignment!r} is not an assignment of this course: the assignment must be the "
            f"name of a folder of {source_dir}/ (the course's source directory), exactly. "
            f"Assignments: {listed}")
    source = source_root / assignment
    notebooks = sorted(p.stem for p in source.glob("*.ipynb"))
    if not notebooks:
        raise GradingRunError(f"no notebooks in {source}")
    points = {}
    for name in notebooks:
        nb = nbformat.read(source / f"{name}.ipynb", as_version=4)
        points[name] = {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c)["points"])
                        for c in nb.cells if is_test_cell(c)}
    return CourseInfo(root, assignment, source_dir, release_dir, notebooks, points, names)


def _repair_schema_version(db_path: Path) -> None:
    """A gradebook that nbgrader created without finding `alembic` lacks its version row."""
    if not db_path.is_file():
        return
    with contextlib.closing(sqlite3.connect(db_path, timeout=30)) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables or "alembic_version" in tables and db.execute(
                "SELECT count(*) FROM alembic_version").fetchone()[0]:
            return
    from nbgrader.api import get_alembic_version

    version = get_alembic_version()
    with contextlib.closing(sqlite3.connect(db_path, timeout=30)) as db, db:
        db.execute("CREATE TABLE IF NOT EXISTS alembic_version "
                   "(version_num VARCHAR(32) NOT NULL)")
        db.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (version,))


def open_course(root: Path, assignment: str) -> CourseInfo:
    """The course directory's settings, with `assignment` released and in its gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    tools_on_path()
    info = read_course(root, assignment)
    _repair_schema_version(info.root / "gradebook.db")
    with Gradebook(info.db) as gb:
        try:
            known = {nb.name for nb in gb.find_assignment(assignment).notebooks}
        except MissingEntry:
            known = set()
    released = all((info.root / info.release_dir / assignment / f"{n}.ipynb").is_file()
                   for n in info.notebooks)
    if known != set(info.notebooks) or not released:
        _nbgrader("generate_assignment", assignment, "--force", cwd=info.root)
    return info


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
    lock_wait: int = LOCK_WAIT_S  # seconds a merge waits for a locked gradebook
    canvas_assignment: str = ""  # the Canvas column of canvas-grades.csv (the assignment)


def _descendants(pid: int) -> list[int]:
    """Every process below `pid` (kernels start sessions of their own, so a process group
    does not hold them); empty where there is no /proc."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class _WorkerProcess:
    def __init__(self, course: CourseInfo, options: Options, log: Path) -> None:
        spec = {"course": str(course.root), "assignment": course.assignment,
                "limits": asdict(options.limits), "sandbox": options.sandbox,
                "timeout": options.timeout}
        self.log = open(log, "a")  # closed in stop()
        # the worker's temporary files (its copy of the course, hidden tests included) go
        # here, so that they go too when the worker is killed
        self.tmp = Path(tempfile.mkdtemp(prefix="p2g-w"))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pixels_to_gpt_grader.worker", json.dumps(spec)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True,
            cwd=course.root, start_new_session=True,
            env={**os.environ, "TMPDIR": str(self.tmp)})
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
        except (BrokenPipeError, OSError, ValueError, queue.Empty):
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
        shutil.rmtree(self.tmp, ignore_errors=True)

    def kill(self) -> None:
        """The worker and everything it started (its kernels, their sandboxes), at once."""
        pid = self.proc.pid
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGSTOP)  # no new kernels while we look for them
        for child in _descendants(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                if os.getpgid(child) == child:
                    os.killpg(child, signal.SIGKILL)
                os.kill(child, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _write_result(path: Path, result: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(result, indent=1))
    tmp.replace(path)


def _read_json(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _run_workers(tasks: list[dict], course: CourseInfo, options: Options, out: Path,
                 on_result) -> None:
    """Grade `tasks` in parallel workers; `on_result(task)` in this thread, one at a time.

    On any exception here (KeyboardInterrupt included) every worker is killed at once with
    all it started, and no further result is written.
    """
    todo: queue.Queue = queue.Queue()
    for task in tasks:
        todo.put(task)
    done: queue.Queue = queue.Queue()
    stop = threading.Event()
    live: list[_WorkerProcess] = []
    lock = threading.Lock()

    def loop(number: int) -> None:
        worker = None
        try:
            while not stop.is_set():
                try:
                    task = todo.get_nowait()
                except queue.Empty:
                    return
                if worker is None:
                    with lock:
                        if stop.is_set():
                            return
                        worker = _WorkerProcess(course, options, out / f"worker-{number}.log")
                        live.append(worker)
                reply = worker.run(task, options.student_deadline)
                if stop.is_set():
                    return
                if reply.get("crashed") or not reply.get("ok"):
                    why = reply.get("error") or (
                        f"the grading process stopped or took longer than "
                        f"{options.student_deadline} s on this submission (see "
                        f"worker-{number}.log)")
                    if reply.get("crashed"):
                        worker.kill()
                        with lock:
                            live.remove(worker)
                        worker.log.close()
                        worker = None
                    result = {"student": task["student"], "graded": False, "retry": True,
                              "problems": [f"not graded: {why}"]}
                    _write_result(Path(task["result"]), result)
                done.put(task)
        except BaseException as error:  # handed to the main thread
            done.put(error)
        finally:
            if worker is not None and not stop.is_set():
                worker.stop()

    threads = [threading.Thread(target=loop, args=(i,), daemon=True)
               for i in range(min(options.jobs, len(tasks)))]
    try:
        for t in threads:
            t.start()
        finished = 0
        while finished < len(tasks):
            try:
                item = done.get(timeout=0.5)
            except queue.Empty:
                continue
            if isinstance(item, BaseException):
                raise item
            on_result(item)
            finished += 1
    except BaseException:
        stop.set()
        with lock:
            workers = list(live)
        for worker in workers:
            worker.kill()
        raise
    for t in threads:
        t.join()


def _merge_once(course: CourseInfo, result: dict) -> None:
    import warnings

    from nbgrader.api import Gradebook

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


def merge(course: CourseInfo, result: dict, wait: float = LOCK_WAIT_S, say=None) -> None:
    """Write one graded student's scores into the course's gradebook, committed.

    While another program (the formgrader, an nbgrader command) holds the gradebook locked,
    wait and try again, up to `wait` seconds; then GradingRunError (nothing is lost: the result
    stays pending and the next run merges it).
    """
    from nbgrader.api import InvalidEntry
    from sqlalchemy.exc import OperationalError

    if not result.get("graded"):
        return
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            _merge_once(course, result)
            return
        except (OperationalError, InvalidEntry) as error:  # nbgrader wraps SQLite's errors
            text = str(error).lower()
            if "database is locked" not in text and "database table is locked" not in text:
                raise
            if time.monotonic() > deadline:
                raise GradingRunError(
                    f"the gradebook stayed locked for {wait:.0f} s (the formgrader or another "
                    "nbgrader command holds it); nothing is lost: run the same command "
                    "again to finish") from None
            if not told and say is not None:
                say(f"the gradebook is locked by another program: waiting (up to {wait:.0f}"
                    f" s) to merge {shown(result['student'])}")
                told = True
            time.sleep(0.5)


# -------------------------------------------------------------------------------- the run
@dataclass
class Outcome:
    report: Path
    csv: Path
    histogram: Path
    rows: list[dict]
    graded_now: list[str]
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _signals_interrupt():
    """SIGINT, SIGTERM and SIGHUP stop the run like Ctrl-C (main thread only); restores after.

    SIGINT too: a command started in the background of a script (`cmd &`) inherits SIGINT
    ignored, and Python then leaves it ignored, so Ctrl-C sent to it would do nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def installed():
        def interrupt(signum, frame):
            raise KeyboardInterrupt

        previous = {s: signal.signal(s, interrupt) for s in (signal.SIGINT, signal.SIGTERM,
                                                         signal.SIGHUP)}
        try:
            yield
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)

    return installed()


@contextlib.contextmanager
def _run_lock(out: Path, assignment: str):
    """One grading run per assignment's reports at a time."""
    try:
        import fcntl
    except ImportError:  # not on this system: no lock
        yield
        return
    with open(out / ".lock", "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise GradingRunError(f"another grading run of {assignment} is going on (it holds "
                               f"{out / '.lock'}): wait for it to finish") from None
        yield


def _load_results(results_dir: Path) -> dict[str, dict]:
    found = {}
    if results_dir.is_dir():
        for path in sorted(results_dir.glob("*.json")):
            result = _read_json(path)
            if result and isinstance(result.get("student"), str):
                found[result["student"]] = result
    return found


def grade(assignment: str, submissions: Path, course_root: Path = Path("."),
          options: Options | None = None, roster: list[str] | None = None,
          named_regexp: str = LMS_NAME, out: Path | None = None) -> Outcome:
    """Grade every submission of `assignment`; see the module's docstring."""
    options = options or Options()
    tools_on_path()
    with _signals_interrupt():
        try:
            return _grade(assignment, Path(submissions), Path(course_root), options, roster,
                          named_regexp, out)
        except KeyboardInterrupt:
            raise GradingInterrupted(
                "interrupted: the workers are stopped; every result merged so far is kept. "
                "Run the same command again to finish.") from None


def _grade(assignment: str, submissions: Path, course_root: Path, options: Options,
           roster: list[str] | None, named_regexp: str, out: Path | None) -> Outcome:
    from pixels_to_gpt_grader.report import write_report

    info = read_course(course_root, assignment)  # before anything is written
    roster_ids = []
    for raw in roster or []:
        try:
            roster_ids.append(student_id(raw))
        except BadId as error:
            raise GradingRunError(f"the roster's student id {ascii(raw)} is refused: {error}"
                               ) from None
    if options.sandbox:
        require_bwrap()
    out = Path(out).resolve() if out else info.root / "reports" / assignment
    results_dir, pending_dir = out / "results", out / "pending"
    earlier = _load_results(results_dir)
    collection = collect(submissions, info, named_regexp)
    try:
        settle_ids(collection, {s: (r.get("intake") or {}).get("platform_id", "")
                                for s, r in earlier.items()})
        if not collection.handins:
            why = "".join(f"\n  {r}" for r in collection.refused + collection.notes)
            raise GradingRunError(f"no submissions found in {submissions}{why}")
        for folder in (results_dir, pending_dir):
            folder.mkdir(parents=True, exist_ok=True)
        with _run_lock(out, assignment):
            course = open_course(info.root, assignment)
            collection.commit()
            return _grade_batch(course, collection, options, roster_ids, out, write_report)
    finally:
        collection.discard()


def _grade_batch(course: CourseInfo, collection, options: Options, roster: list[str],
                 out: Path, write_report) -> Outcome:
    results_dir, pending_dir, prepared = out / "results", out / "pending", out / "prepared"
    bar = None

    def say(text: str) -> None:
        if bar is not None:
            bar.write(text, file=sys.stderr)
        else:
            print(text, file=sys.stderr, flush=True)

    _recover(course, results_dir, pending_dir, options, say)
    earlier = _load_results(results_dir)
    shutil.rmtree(prepared, ignore_errors=True)
    notes: dict[str, list[str]] = {}
    settings = json.dumps([asdict(options.limits), options.sandbox, options.timeout])
    tasks = []
    try:
        for student, handins in sorted(collection.handins.items()):
            intake = prepare(student, handins, course, prepared)
            intake.key = hashlib.sha256((intake.key + settings).encode()).hexdigest()
            task = _plan(course, intake, earlier.get(student), options, results_dir, notes)
            if task:
                # per student: two students may hand in the very same file (the release)
                tag = hashlib.sha256(f"{student}\0{intake.key}".encode()).hexdigest()[:40]
                task.update(tag=tag, submitted=str(intake.folder),
                            result=str(pending_dir / f"{tag}.json"))
                _write_result(pending_dir / f"{tag}.task", task)
                tasks.append(task)

        if options.progress and tasks:
            from tqdm import tqdm

            bar = tqdm(total=len(tasks), desc=f"grading {course.assignment}",
                       unit="submission")

        def on_result(task: dict) -> None:
            result = _read_json(Path(task["result"])) or {
                "student": task["student"], "graded": False, "retry": True,
                "problems": ["not graded: the grading process wrote no result"]}
            _finish(course, results_dir, pending_dir, task, result, options, say)
            if bar is not None:
                bar.update()
                if not result.get("graded"):
                    bar.set_postfix_str(f"not graded: {shown(task['student'])}")

        try:
            _run_workers(tasks, course, options, out, on_result)
        finally:
            if bar is not None:
                bar.close()
    finally:
        shutil.rmtree(prepared, ignore_errors=True)

    rows = _rows(course, _load_results(results_dir), roster, notes)
    paths = write_report(out, course.assignment, course.points, rows,
                         refused=collection.refused, notes=collection.notes,
                         canvas_assignment=options.canvas_assignment)
    return Outcome(*paths, rows=rows, graded_now=[t["student"] for t in tasks],
                   refused=collection.refused, notes=collection.notes)


def _plan(course: CourseInfo, intake: Intake, old: dict | None, options: Options,
          results_dir: Path, notes: dict[str, list[str]]) -> dict | None:
    """The task that grades `intake`, or None where nothing is to be graded."""
    student = intake.student
    final = results_dir / f"{student}.json"
    record = intake.record()
    graded_before = bool(old and old.get("graded"))
    if intake.status != "ready":
        if graded_before:  # keep the grade and feedback, and say so
            newest = {"key": intake.key, "intake": record, "problems": []}
            if old.get("newest") != newest:
                _write_result(final, {**old, "newest": newest})
            return None
        result = {"student": student, "graded": False, "key": intake.key,
                  "status": intake.status, "intake": record}
        if old != result:
            _write_result(final, result)
            _keep_submitted(course, intake)
        return None
    if old and not options.force:
        feedback = course.root / "feedback" / student / course.assignment
        if old.get("key") == intake.key and "graded" in old and not old.get("retry") and (
                not old["graded"] or feedback.is_dir()):
            if old.get("intake") != record or old.get("newest"):
                _write_result(final, {**{k: v for k, v in old.items() if k != "newest"},
                                      "intake": record})
            return None
        newest = old.get("newest") or {}
        if newest.get("key") == intake.key and not newest.get("retry"):
            return None  # this very submission was found ungradable before
        before = (old.get("intake") or {}).get("submitted_at")
        if graded_before and before and intake.submitted_at and intake.submitted_at < before:
            notes.setdefault(student, []).append(
                f"handed in again with an older submission ({intake.handed_in}, "
                f"{intake.submitted_at}) than the one graded ({before}): kept the grade of "
                "the newer one")
            return None
    _keep_submitted(course, intake)
    return {"student": student, "key": intake.key, "intake": record}


def _finish(course: CourseInfo, results_dir: Path, pending_dir: Path, task: dict,
            result: dict, options: Options, say) -> None:
    """Make one worker's result count: merged into the gradebook, then marked done."""
    student = task["student"]
    final = results_dir / f"{student}.json"
    result = {**result, "student": student, "key": task["key"], "intake": task["intake"],
              "status": "ready"}
    old = _read_json(final)
    if result.get("graded"):
        merge(course, result, wait=options.lock_wait, say=say)
        result["merged"] = True
        _write_result(final, result)  # done only now that the gradebook has it
    elif old and old.get("graded") and old.get("student") == student:
        newest = {"key": task["key"], "intake": task["intake"],
                  "problems": result.get("problems", []), "retry": bool(result.get("retry"))}
        _write_result(final, {**old, "newest": newest})
    else:
        _write_result(final, result)
    for suffix in (".json", ".task", ".json.tmp", ".tmp"):
        (pending_dir / f"{task.get('tag', task['key'])}{suffix}").unlink(missing_ok=True)


def _recover(course: CourseInfo, results_dir: Path, pending_dir: Path, options: Options,
             say) -> None:
    """Results graded but not merged when an earlier run stopped: merge them now."""
    for task_path in sorted(pending_dir.glob("*.task")):
        task = _read_json(task_path)
        result = _read_json(task_path.with_suffix(".json"))
        if task and result and result.get("graded") and result.get("student") == task.get(
                "student"):
            say(f"merging {shown(task['student'])}'s result, graded before the last run "
                "stopped")
            _finish(course, results_dir, pending_dir, task, result, options, say)
    for leftover in pending_dir.iterdir():
        if leftover.is_file():
            leftover.unlink(missing_ok=True)
    # results of the command's earlier versions, written before their merge was committed
    for path in sorted(results_dir.glob("*.json")):
        result = _read_json(path)
        if result and result.get("graded") and not result.get("merged") and result.get(
                "notebooks") is not None and isinstance(result.get("student"), str):
            merge(course, result, wait=options.lock_wait, say=say)
            _write_result(path, {**result, "merged": True})


def _roster(course: CourseInfo, roster: list[str] | None) -> list[str]:
    """Students who should have handed in: the gradebook's, and `roster`."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db) as gb:
        known = [s.id for s in gb.students]
        submitted = {s.student_id for s in gb.assignment_submissions(course.assignment)}
    return sorted((set(known) - submitted) | set(roster or []))


def _keep_submitted(course: CourseInfo, intake: Intake) -> None:
    """The files as handed in, under submitted/ (nbgrader's record), unless already there."""
    target = course.root / "submitted" / intake.student / course.assignment
    files = [f for f in intake.files if f.is_file()]
    if not files or all(target in f.parents for f in files):
        return
    new = target.with_name(f".{target.name}.new-{os.getpid()}")
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir(parents=True)
    for f in files:
        shutil.copy(f, new / intake.names.get(f, f.name))
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _same_code(course: CourseInfo, results: dict[str, dict]) -> dict[str, list[str]]:
    """student -> answers that are the reference's code or another student's (the newest
    graded submission of every student in the results, this run's and earlier ones)."""
    from pixels_to_gpt_grader.similarity import (
        reference_fingerprints,
        release_fingerprints,
        same_code,
    )

    def notebooks(folder: str) -> list[Path]:
        paths = [course.root / folder / course.assignment / f"{name}.ipynb"
                 for name in course.notebooks]
        return [p for p in paths if p.is_file()]

    try:
        references = reference_fingerprints(notebooks(course.source_dir), course.assignment)
        released = release_fingerprints(notebooks(course.release_dir))
    except (OSError, ValueError) as error:  # an unreadable source: compare students only
        print(f"warning: the reference answers could not be read ({error})",
              file=sys.stderr)
        references, released = {}, {}
    answers = {student: (result.get("intake") or {}).get("answers") or {}
               for student, result in results.items()}
    return same_code(answers, references, released=released)


def _rows(course: CourseInfo, results: dict[str, dict], roster: list[str],
          notes: dict[str, list[str]]) -> list[dict]:
    copies = _same_code(course, results)
    rows = [_row(course, result, notes.get(student, []), copies.get(student, []))
            for student, result in results.items()]
    for student in _roster(course, roster):
        if student not in results:
            rows.append(_row(course, {"student": student, "graded": False,
                                      "status": "missing"},
                             ["missing: nothing handed in"]))
    return sorted(rows, key=lambda r: (r["student"].casefold(), r["student"]))


def _row(course: CourseInfo, result: dict, notes: list[str] = (),
         same_code: list[str] = ()) -> dict:
    """One line of the report: what a student's result file says, with every problem.

    `same_code` (answers that are another's code) is shown beside the grade and changes
    neither the score nor the status.
    """
    intake = result.get("intake") or {}
    problems: list[str] = []
    for p in [*intake.get("problems", []), *result.get("problems", [])]:
        if p not in problems:
            problems.append(p)
    newest = result.get("newest")
    if newest and result.get("graded"):
        why = [*newest.get("intake", {}).get("problems", []), *newest.get("problems", [])]
        where = newest.get("intake", {}).get("handed_in") or "handed in later"
        problems.append(
            f"the newest submission ({where}) could not be graded: "
            f"{'; '.join(why) or 'no reason given'}; the grade and the feedback are those "
            f"of the submission graded before ({intake.get('handed_in') or 'earlier'})")
    problems += [n for n in notes if n not in problems]
    findings = list(intake.get("findings", []))
    flags = [str(f) for f in result.get("flags") or []]
    row = {"student": result["student"], "platform_id": intake.get("platform_id", ""),
           "platform": platform_of(intake), "submitted_at": intake.get("submitted_at"),
           "same_code": list(same_code), "score": None,
           "max_score": sum(sum(p.values()) for p in course.points.values()),
           "questions": {}, "problems": problems, "findings": findings, "flags": flags}
    status = intake.get("status") or result.get("status") or "ready"
    if not result.get("graded"):
        row["status"] = "missing" if status == "missing" else "not graded"
    else:
        score = 0.0
        for name, points in course.points.items():
            cells = result.get("notebooks", {}).get(name, {})
            for grade_id in points:
                value = cells.get(grade_id, {}).get("auto_score")
                row["questions"][grade_id] = value
                score += value or 0.0
        row["score"] = score
        row["status"] = "graded" if not problems and not findings and not flags else "check"
    return row
