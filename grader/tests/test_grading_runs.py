"""`python -m pixels_to_gpt_grader grade` as an instructor runs it, again and again: nothing they
type destroys work.

A wrong assignment name or bad input stops the command before any file changes; a second
batch adds to the first (grades, feedback, the gradebook); a gradebook locked by another
program is waited for; Ctrl-C stops every worker at once and the same command finishes the
rest. The first tests run no grading (seconds); those marked slow grade a few submissions
for real (minutes).
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from course_root import MIRROR, REPO

from pixels_to_gpt_grader.__main__ import main
from pixels_to_gpt_grader.catalogue import load_variant
from pixels_to_gpt_grader.course import Course, gradebook_url
from pixels_to_gpt_grader.errors import GradingRunError
from pixels_to_gpt_grader.grader import merge, read_course
from pixels_to_gpt_grader.sandbox import bwrap_path

ASSIGNMENT = "ch07_sampling"
TIMEOUT = 60  # seconds per cell: the slow submissions below sleep 10 s in one


def tree(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file and folder under `root` with its checksum: any change shows."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if rel.startswith(skip):
            continue
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            found[rel] = "dir"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def fresh_course(tmp_path_factory):
    """A clone of the course: config, solutions/ and exercises/, no gradebook yet."""
    root = tmp_path_factory.mktemp("clone")
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    for kind in ("solutions", "exercises"):
        shutil.copytree(REPO / kind, root / kind)
    subs = tmp_path_factory.mktemp("subs")
    shutil.copy(REPO / "exercises" / ASSIGNMENT / "sampling.ipynb", subs / "ann.ipynb")
    return root, subs


def _main(monkeypatch, capsys, cwd: Path, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("PATH", os.environ["PATH"])  # the command changes it: restore after
    code = main(["grade", *args, "--no-sandbox"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


WRONG_NAMES = ["ch07_sampling/", "../solutions/ch07_sampling", "solutions/ch07_sampling",
               "CH07_sampling", "ch07", "./ch07_sampling", "ch07_sampling ", "", ".", "..",
               "*", "ABSOLUTE"]


@pytest.mark.parametrize("name", WRONG_NAMES)
def test_a_wrong_assignment_name_changes_no_file(fresh_course, monkeypatch, capsys, name):
    root, subs = fresh_course
    if name == "ABSOLUTE":
        name = str(root / "solutions" / ASSIGNMENT)
    before, submissions = tree(root), tree(subs)
    code, out = _main(monkeypatch, capsys, root, name, str(subs))
    assert code == 2, out
    assert f"error: {name!r} is not an assignment of this course" in out
    assert "Assignments: ch01_pixels, " in out and " ch07_sampling, " in out
    assert tree(root) == before and tree(subs) == submissions


def _write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("case,message", [
    ("missing", "error: no such file or folder: "),
    ("empty folder", "error: no submissions found in "),
    ("empty zip", "error: no submissions found in "),
    ("junk zip", "error: no submissions found in "),
    ("only refused ids", "the student id 'ann\\nbob' is refused"),
    ("not a zip", "is neither a folder nor a zip file"),
    ("bad roster", "the roster's student id 'ann\\tbob' is refused"),
])
def test_bad_input_is_refused_and_changes_no_file(fresh_course, tmp_path, monkeypatch, capsys,
                                                  case, message):
    root, subs = fresh_course
    extra = []
    target = tmp_path / "input"
    if case == "empty folder":
        target.mkdir()
    elif case == "empty zip":
        target = _write_zip(tmp_path / "empty.zip", {})
    elif case == "junk zip":
        target = _write_zip(tmp_path / "junk.zip", {"__MACOSX/._ann.ipynb": b"x",
                                                    ".DS_Store": b"x", "ann/.DS_Store": b"x"})
    elif case == "only refused ids":
        (target / "ann\nbob").mkdir(parents=True)
        (target / "ann\nbob" / "sampling.ipynb").write_text("{}")
    elif case == "not a zip":
        target.write_text("not a zip")
    elif case == "bad roster":
        target = subs
        (tmp_path / "roster.txt").write_text("alice\nann\tbob\n")
        extra = ["--roster", str(tmp_path / "roster.txt")]
    before = tree(root)
    code, out = _main(monkeypatch, capsys, root, ASSIGNMENT, str(target), *extra)
    assert code == 2 and message in out, out
    assert tree(root) == before


# ------------------------------------------------------------------ a locked gradebook
@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A course whose gradebook knows the assignment (nbgrader generate_assignment)."""
    root = tmp_path_factory.mktemp("merge")
    Course.create(root, REPO, ASSIGNMENT)
    return read_course(root, ASSIGNMENT)


def _graded(student: str, info) -> dict:
    return {"student": student, "graded": True,
            "notebooks": {"sampling": {q: {"auto_score": p, "needs_manual_grade": False}
                                       for q, p in info.points["sampling"].items()}}}


def _hold_lock(db: Path, seconds: float) -> threading.Thread:
    """Another program's write transaction on the gradebook, for `seconds`."""
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")

    def release():
        time.sleep(seconds)
        holder.execute("COMMIT")
        holder.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


def test_a_merge_waits_for_a_locked_gradebook(released):
    messages = []
    thread = _hold_lock(released.root / "gradebook.db", 6)  # past SQLite's own 5 s
    started = time.monotonic()
    merge(released, _graded("ann", released), wait=60, say=messages.append)
    assert time.monotonic() - started > 5
    thread.join()
    assert messages and "the gradebook is locked by another program: waiting" in messages[0]
    assert _gradebook(released.root)["ann"] == 14.0


def test_a_gradebook_locked_too_long_stops_the_run_and_says_nothing_is_lost(released):
    thread = _hold_lock(released.root / "gradebook.db", 5)
    with pytest.raises(GradingRunError, match="nothing is lost: run the same command again"):
        merge(released, _graded("bea", released), wait=1)
    thread.join()
    assert "bea" not in _gradebook(released.root)


def test_a_result_graded_but_not_merged_is_merged_on_the_next_start(released, tmp_path):
    """The command stopped between a worker's result and its merge (or an earlier version
    wrote the result before merging): the next run merges it, once."""
    import json

    from pixels_to_gpt_grader.grader import Options, _recover

    out = tmp_path / "reports"
    results, pending = out / "results", out / "pending"
    results.mkdir(parents=True)
    pending.mkdir()
    task = {"student": "cyd", "key": "k1", "tag": "t1",
            "intake": {"problems": [], "status": "ready"}}
    (pending / "t1.task").write_text(json.dumps(task))
    (pending / "t1.json").write_text(json.dumps(_graded("cyd", released)))
    (pending / "t2.task").write_text(json.dumps({**task, "student": "dee", "tag": "t2"}))
    (results / "eli.json").write_text(json.dumps({**_graded("eli", released), "key": "k3"}))
    _recover(released, results, pending, Options(), print)
    book = _gradebook(released.root)
    assert book["cyd"] == 14.0 and book["eli"] == 14.0 and "dee" not in book
    assert json.loads((results / "cyd.json").read_text())["merged"] is True
    assert json.loads((results / "eli.json").read_text())["merged"] is True
    assert list(pending.iterdir()) == [] and not (results / "dee.json").exists()


# ------------------------------------------------------------------ real grading runs
def _env(with_venv: bool = True) -> dict[str, str]:
    """The environment of a shell: with the course's environment activated, or without."""
    env = {"HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8",
           "PATH": "/usr/local/bin:/usr/bin:/bin"}
    if with_venv:
        env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    data = os.environ.get("PIXELS_TO_GPT_DATA") or (str(MIRROR) if MIRROR else "")
    if data:
        env["PIXELS_TO_GPT_DATA"] = data
    return env


def _command(root: Path, submissions: Path, *extra: str, env=None, sandbox=False):
    return [sys.executable, "-m", "pixels_to_gpt_grader", "grade", ASSIGNMENT, str(submissions),
            "--course", str(root), "--jobs", "2", "--timeout", str(TIMEOUT),
            *([] if sandbox else ["--no-sandbox"]), *extra]


def _run(root, submissions, *extra, env=None, sandbox=False):
    return subprocess.run(_command(root, submissions, *extra, sandbox=sandbox),
                          capture_output=True, text=True, timeout=1800, env=env or _env())


def _csv(root: Path) -> dict[str, dict]:
    path = root / "reports" / ASSIGNMENT / "grades.csv"
    if not path.is_file():
        return {}
    with open(path, newline="") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def _gradebook(root: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(root)) as gb:
        return {s.student_id: s.score for s in gb.assignment_submissions(ASSIGNMENT)}


def _files(folder: Path) -> dict[str, tuple[str, float]]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                         p.stat().st_mtime)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    """A fresh clone (no gradebook) graded from a shell without the environment: a first
    batch (a folder), an empty zip, then a second batch (a platform's zip) with a roster."""
    root = tmp_path_factory.mktemp("course")
    course = Course.create(root, REPO, ASSIGNMENT)
    (root / "gradebook.db").unlink()  # a clone of the repository has none
    first = tmp_path_factory.mktemp("first")
    nbformat.write(course.submission(), first / "alice.ipynb")
    nbformat.write(course.submission(use_reference=False), first / "bob.ipynb")
    env = _env(with_venv=False)
    run1 = _run(root, first, env=env)
    assert run1.returncode == 0, run1.stdout + run1.stderr
    after_first = {"csv": _csv(root), "feedback": _files(root / "feedback"),
                   "autograded": _files(root / "autograded")}
    kept = ("reports", "feedback", "autograded", "submitted", "gradebook.db")
    state = {k: tree(root / k) if (root / k).is_dir() else tree(root)[k] for k in kept}
    empty = _write_zip(tmp_path_factory.mktemp("empty") / "download.zip", {})
    run_empty = _run(root, empty, env=env)
    state_after_empty = {k: tree(root / k) if (root / k).is_dir() else tree(root)[k]
                         for k in kept}
    wrong = load_variant(REPO / "tests" / "catalogue" / ASSIGNMENT / "wrong"
                         / "softmax_global_max.py").answers
    second = _write_zip(tmp_path_factory.mktemp("second") / "download.zip", {
        "carl_31_41_sampling.ipynb": nbformat.writes(course.submission(wrong)).encode(),
        "Dave Day_77_assignsubmission_file_/sampling.ipynb":
            nbformat.writes(course.submission()).encode(),
        "bob_late_5_9_sampling.ipynb": b"\x00 not a notebook",
    })
    roster = root / "roster.txt"
    roster.write_text("alice\nzoe\nDave Day\n")
    run2 = _run(root, second, "--roster", str(roster), env=env)
    assert run2.returncode == 0, run2.stdout + run2.stderr
    return {"root": root, "env": env, "run1": run1, "after_first": after_first,
            "state": state, "run_empty": run_empty, "state_after_empty": state_after_empty,
            "run2": run2, "rows": _csv(root),
            "report": (root / "reports" / ASSIGNMENT / "report.md").read_text()}


@pytest.mark.slow
def test_the_command_works_from_a_shell_without_the_environment(batches):
    assert str(Path(sys.executable).parent) not in batches["env"]["PATH"]
    assert "graded in this run: 2;" in batches["run1"].stdout
    db = sqlite3.connect(batches["root"] / "gradebook.db")
    assert len(db.execute("SELECT version_num FROM alembic_version").fetchall()) == 1
    assert {s: r["score"] for s, r in batches["after_first"]["csv"].items()} == {
        "alice": "14", "bob": "0"}


@pytest.mark.slow
def test_an_empty_zip_is_refused_and_changes_nothing(batches):
    run = batches["run_empty"]
    assert run.returncode == 2 and "no submissions found in" in run.stderr, run.stderr
    assert batches["state_after_empty"] == batches["state"]


@pytest.mark.slow
def test_a_second_batch_adds_to_the_first(batches):
    rows = batches["rows"]
    assert "graded in this run: 2;" in batches["run2"].stdout  # carl and Dave Day
    assert sorted(rows) == sorted(["alice", "bob", "carl", "Dave Day", "zoe"])
    assert (rows["alice"]["status"], rows["alice"]["score"]) == ("graded", "14")
    assert (rows["carl"]["status"], rows["carl"]["score"]) == ("graded", "11")
    assert (rows["Dave Day"]["score"], rows["Dave Day"]["platform_id"]) == ("14", "77")
    assert rows["carl"]["platform_id"] == "31"
    for student in ("alice", "bob", "carl", "Dave Day"):
        assert f"| {student} |" in batches["report"], student
    assert _gradebook(batches["root"]) == {"alice": 14.0, "bob": 0.0, "carl": 11.0,
                                           "Dave Day": 14.0}


@pytest.mark.slow
def test_missing_is_only_for_roster_students_who_never_handed_in(batches):
    statuses = {s: r["status"] for s, r in batches["rows"].items()}
    assert [s for s, status in statuses.items() if status == "missing"] == ["zoe"]
    assert batches["rows"]["zoe"]["score"] == ""


@pytest.mark.slow
def test_a_later_batch_keeps_earlier_feedback(batches):
    root, first = batches["root"], batches["after_first"]
    now = _files(root / "feedback")
    for path, (digest, mtime) in first["feedback"].items():
        assert now[path] == (digest, mtime), f"{path} was changed or replaced"
    assert {p.split("/")[0] for p in now} == {"alice", "bob", "carl", "Dave Day"}
    autograded = _files(root / "autograded")
    for path, value in first["autograded"].items():
        assert autograded[path] == value, path


@pytest.mark.slow
def test_an_ungradable_newest_submission_keeps_the_earlier_grade_and_says_so(batches):
    bob = batches["rows"]["bob"]
    assert (bob["status"], bob["score"]) == ("check", "0")
    assert ("the newest submission (bob_late_5_9_sampling.ipynb) could not be graded: "
            "unreadable notebook file") in bob["problems"]
    assert "the grade and the feedback are those of the submission graded before " \
           "(bob.ipynb)" in bob["problems"]
    assert (batches["root"] / "feedback" / "bob" / ASSIGNMENT / "sampling.html").is_file()


# ------------------------------------------------------------- Ctrl-C and a locked gradebook
def _processes() -> dict[int, tuple[int, str, str]]:
    """pid -> (parent pid, start time, command line) of every process, from /proc."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, IndexError):
            continue
        if fields[0] != "Z":  # a zombie has stopped
            found[int(entry)] = (int(fields[1]), fields[19], cmdline.decode(errors="replace"))
    return found


def _process_tree(pid: int) -> dict[int, tuple[str, str]]:
    everything = _processes()
    below, todo = {}, [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, start, cmd) in everything.items():
            if ppid == parent and child not in below:
                below[child] = (start, cmd)
                todo.append(child)
    return below


def _alive(processes: dict[int, tuple[str, str]]) -> list[str]:
    now = _processes()
    return [cmd for pid, (start, cmd) in processes.items()
            if pid in now and now[pid][1] == start]


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory):
    """Ctrl-C while two workers grade; the same command again while another program holds
    the gradebook locked; and once more."""
    if not sys.platform.startswith("linux"):
        pytest.skip("reads processes from /proc")
    root = tmp_path_factory.mktemp("course")
    course = Course.create(root, REPO, ASSIGNMENT)
    ref = course.reference_answers()
    slow = {"softmax": ref["softmax"] + "\nimport time\ntime.sleep(10)\n"}  # ben and cat: the
    # very same notebook, graded at the same time
    subs = tmp_path_factory.mktemp("subs")
    for student, nb in {"ann": course.submission(), "ben": course.submission(slow),
                        "cat": course.submission(slow),
                        "dan": course.submission(use_reference=False)}.items():
        nbformat.write(nb, subs / f"{student}.ipynb")
    sandbox = bwrap_path() is not None
    results = root / "reports" / ASSIGNMENT / "results"
    # started as from a script's background (`cmd &`), which hands it SIGINT ignored
    proc = subprocess.Popen(_command(root, subs, sandbox=sandbox), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(),
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        _wait_for(lambda: proc.poll() is not None or list(results.glob("*.json")), 900,
                  "a first result")
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.5)
        processes = _process_tree(proc.pid)
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        stopped_s = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
    deadline = time.monotonic() + 10
    while _alive(processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    first = {"code": proc.returncode, "out": out, "err": err, "stopped_s": stopped_s,
             "processes": processes, "survivors": _alive(processes),
             "done": _files(results)}

    # the same command again, while another program holds the gradebook's write lock
    pending = root / "reports" / ASSIGNMENT / "pending"
    lock = {}
    holder = sqlite3.connect(root / "gradebook.db", isolation_level=None,
                             check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    proc = subprocess.Popen(_command(root, subs, sandbox=sandbox), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env())

    def release():
        try:
            _wait_for(lambda: proc.poll() is not None or list(pending.glob("*.json")), 900,
                      "a result to merge")
            lock["result_waiting"] = proc.poll() is None
            time.sleep(6)  # longer than SQLite's default wait of 5 s
        finally:
            lock["released_while_running"] = proc.poll() is None
            holder.execute("COMMIT")
            holder.close()

    thread = threading.Thread(target=release)
    thread.start()
    out2, err2 = proc.communicate(timeout=1800)
    thread.join()
    second = {"code": proc.returncode, "out": out2, "err": err2, "lock": lock,
              "rows": _csv(root), "gradebook": _gradebook(root), "done": _files(results)}
    third = _run(root, subs, sandbox=sandbox)
    return {"root": root, "first": first, "second": second, "third": third,
            "rows_after": _csv(root), "gradebook_after": _gradebook(root)}


@pytest.mark.slow
def test_ctrl_c_stops_every_worker_at_once(interrupted):
    first = interrupted["first"]
    assert first["code"] == 130, first["out"] + first["err"]
    assert "Run the same command again to finish." in first["err"]
    commands = [cmd for _, cmd in first["processes"].values()]
    assert sum("pixels_to_gpt_grader.worker" in c for c in commands) == 2, commands
    kernels = ("pixels_to_gpt_grader.kernel", "pixels_to_gpt_grader.sandbox kernel", "bwrap")
    assert any(k in c for c in commands for k in kernels), commands  # a kernel was running
    assert first["stopped_s"] < 15
    assert first["survivors"] == []
    assert 1 <= len(first["done"]) < 4


@pytest.mark.slow
def test_the_same_command_finishes_the_rest_and_counts_nothing_twice(interrupted):
    first, second = interrupted["first"], interrupted["second"]
    assert second["code"] == 0, second["out"] + second["err"]
    left = 4 - len(first["done"])
    assert f"graded in this run: {left};" in second["out"]
    for name, value in first["done"].items():  # what was done is not graded again
        assert second["done"][name] == value, name
    expected = {"ann": "14", "ben": "14", "cat": "14", "dan": "0"}
    assert {s: r["score"] for s, r in second["rows"].items()} == expected, (
        {s: r["problems"] for s, r in second["rows"].items()}, second["err"][-3000:])
    assert second["gradebook"] == {s: float(v) for s, v in expected.items()}
    third = interrupted["third"]
    assert third.returncode == 0 and "graded in this run: 0;" in third.stdout, third.stderr
    assert {s: r["score"] for s, r in interrupted["rows_after"].items()} == expected


@pytest.mark.slow
def test_a_locked_gradebook_is_waited_for_and_loses_no_merge(interrupted):
    second = interrupted["second"]
    assert second["lock"] == {"result_waiting": True, "released_while_running": True}
    assert "the gradebook is locked by another program: waiting" in second["err"]
    assert second["code"] == 0
    assert interrupted["gradebook_after"] == {s: float(r["score"])
                                              for s, r in interrupted["rows_after"].items()}
