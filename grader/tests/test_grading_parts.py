"""The grading command's parts, without running nbgrader: reading, repairing, scanning,
feedback, and the sandbox itself (bubblewrap, seconds). Collecting submissions:
tests/test_grading_intake.py."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest
from course_root import REPO, needs_bwrap

from pixels_to_gpt_grader.course import nbgrader_meta
from pixels_to_gpt_grader.notebooks import (
    KEPT,
    NEUTRALIZED,
    compare_with_release,
    feedback_copy,
    neutralize,
    read_submission,
)
from pixels_to_gpt_grader.sandbox import (
    bwrap_command,
    kernel_env,
    no_new_processes_filter,
)
from pixels_to_gpt_grader.scan import scan_notebook, scan_source

SOURCE = REPO / "solutions" / "ch07_sampling" / "sampling.ipynb"
RELEASE = REPO / "exercises" / "ch07_sampling" / "sampling.ipynb"


def release():
    return nbformat.read(RELEASE, as_version=4)


def cell(nb, grade_id):
    return next(c for c in nb.cells if nbgrader_meta(c).get("grade_id") == grade_id)


# ---------------------------------------------------------------------- reading and repair
def test_a_whole_notebook_is_read_without_problems():
    reading = read_submission(RELEASE.read_bytes())
    assert reading.problems == [] and len(reading.notebook.cells) == len(release().cells)


def test_truncated_json_keeps_the_cells_that_are_whole():
    data = RELEASE.read_bytes()
    reading = read_submission(data[: len(data) * 2 // 3])
    assert reading.notebook is not None
    assert "broken notebook file" in reading.problems[0]
    ids = [nbgrader_meta(c).get("grade_id") for c in reading.notebook.cells]
    assert "softmax" in ids and "test_softmax" in ids and "generate" not in ids


def test_garbage_is_unreadable_with_a_reason():
    reading = read_submission(b"\x89PNG this is not a notebook")
    assert reading.notebook is None
    assert "unreadable notebook file" in reading.problems[0]


def test_deleted_cells_are_put_back_in_place_and_named():
    nb = release()
    wanted = [nbgrader_meta(c).get("grade_id") for c in nb.cells]
    nb.cells = [c for c in nb.cells
                if nbgrader_meta(c).get("grade_id") not in ("generate", "test_generate",
                                                           "test_softmax")]
    problems = compare_with_release(nb, release())
    assert [nbgrader_meta(c).get("grade_id") for c in nb.cells] == wanted
    assert "test cell test_softmax was deleted (restored from the source)" in problems
    assert "answer cell generate was deleted (graded as the empty stub)" in problems


def test_an_edited_test_cell_is_named():
    nb = release()
    cell(nb, "test_top_k_filter").source = "print('all good')"
    assert compare_with_release(nb, release()) == [
        "test cell test_top_k_filter was edited (restored from the source)"]


def test_neutralize_keeps_definitions_first_then_the_whole_cell():
    nb = release()
    cell(nb, "softmax").source = ("import math\ndef softmax(x, dim=-1):\n    return x\n"
                                  "while True:\n    pass\n")
    mark = {"grade_id": "softmax"}
    assert "functions were kept" in neutralize(nb, mark, "it hung")
    kept = cell(nb, "softmax").source
    assert kept.startswith(KEPT) and "def softmax" in kept and "while True" not in kept
    # the test cell hung next: now the whole answer goes
    assert neutralize(nb, {"grade_id": "test_softmax", "test": True}, "it hung") == "softmax"
    assert cell(nb, "softmax").source.startswith(NEUTRALIZED)
    assert "raise RuntimeError" in cell(nb, "softmax").source
    assert "### BEGIN" not in cell(nb, "test_softmax").source  # the test cell is untouched


def test_feedback_copy_hides_hidden_tests_and_tracebacks():
    nb = nbformat.read(SOURCE, as_version=4)
    test = cell(nb, "test_softmax")
    visible, rest = test.source.split("### BEGIN HIDDEN TESTS")
    hidden = rest.split("### END HIDDEN TESTS")[0]
    test.outputs = [nbformat.v4.new_output(
        "error", ename="GradingRunError", evalue="softmax must add up to 1",
        traceback=["---> 12 " + hidden.strip().splitlines()[0]])]
    shown = cell(feedback_copy(nb), "test_softmax")
    assert "BEGIN HIDDEN" not in shown.source
    for line in hidden.strip().splitlines():
        # a hidden line that the visible tests also hold (a shared hint) is no secret
        if len(line.strip()) > 20 and line.strip() not in visible:
            assert line.strip() not in shown.source
            assert line.strip() not in json.dumps(shown.outputs)
    assert shown.outputs[0]["traceback"] == ["GradingRunError: softmax must add up to 1"]


# ------------------------------------------------------------------------------- the scan
@pytest.mark.parametrize("code,expected", [
    ("import torch\ntorch.allclose = lambda *a, **k: True", "replaces torch.allclose"),
    ("torch.Tensor.__eq__ = lambda a, b: True", "replaces torch.Tensor.__eq__"),
    ("import builtins\nbuiltins.AssertionError = KeyboardInterrupt",
     "replaces builtins.AssertionError"),
    ("AssertionError = Warning", "rebinds the built-in name AssertionError"),
    ("from pixels_to_gpt.grading import guard\nguard.check_untampered = lambda *a: None",
     "replaces guard.check_untampered"),
    ("get_ipython().set_custom_exc((AssertionError,), lambda *a, **k: None)",
     "set_custom_exc"),
    ("ip = get_ipython()\nip.input_transformers_post.append(lambda lines: ['pass\\n'])",
     "input_transformers_post"),
    ("ip = get_ipython()\nip.events.register('pre_run_cell', print)", "ip.events.register"),
    ("import sys\nsys.settrace(lambda *a: None)", "sys.settrace"),
    ("setattr(torch, 'equal', lambda a, b: True)", "calls setattr on torch"),
    ("import os\nos._exit(0)", "os._exit"),
    ("text = open('/work/main/solutions/ch07_sampling/sampling.ipynb').read()",
     "outside the notebook's folder"),
])
def test_scan_flags_attempts_to_fool_the_tests(code, expected):
    found = [str(f) for f in scan_source(code, "softmax")]
    assert any(expected in f for f in found), found


def test_scan_leaves_ordinary_answers_alone():
    nb = nbformat.read(SOURCE, as_version=4)
    assert scan_notebook(nb) == []
    assert scan_source("%matplotlib inline\nimport torch\nx = torch.ones(3).softmax(-1)",
                       "c") == []


# --------------------------------------------------------------------------- collecting
# Collecting submissions (every platform's layout, zips, duplicates, ids): see
# tests/test_grading_intake.py.


# ----------------------------------------------------------------------------- sandbox
def _sandboxed(code: str, tmp_path: Path, writable: list[str] | None = None):
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    seccomp_fd = no_new_processes_filter()  # as the grading kernel's launcher adds it
    command = bwrap_command([sys.executable, "-c", code], str(work),
                            [str(work), *(writable or [])], seccomp_fd=seccomp_fd)
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=120,
                              env=kernel_env(), pass_fds=(seccomp_fd,))
    finally:
        os.close(seccomp_fd)


def test_sandboxed_code_sees_no_course_files(tmp_path):
    needs_bwrap()
    paths = [str(SOURCE), str(REPO / "nbgrader_config.py"), str(tmp_path / "secret.txt")]
    code = f"""
import os
for path in {paths!r}:
    try:
        open(path).read()
        print("READ", path)
    except OSError as error:
        print("DENIED", type(error).__name__)
print("ENTRIES", sorted(os.listdir({str(REPO)!r})))
print("GRADER", sorted(os.listdir({str(REPO / "grader")!r})))
"""
    (tmp_path / "secret.txt").write_text("another student's work")
    out = _sandboxed(code, tmp_path).stdout
    assert "READ" not in out and out.count("DENIED") == 3, out
    # Only the course's package and the grading tool's (whose kernel module starts the
    # kernel) are there, read-only, and the Python environment when it lives in the
    # repository (as make's .venv does): no solutions, tests, submissions or gradebook, and
    # of grader/ only its package (not its tests).
    allowed = ["grader", "pixels_to_gpt"]
    if Path(sys.prefix).resolve().parent == REPO.resolve():
        allowed.append(Path(sys.prefix).name)
    assert f"ENTRIES {sorted(allowed)!r}" in out, out
    assert "GRADER ['pixels_to_gpt_grader']" in out, out


def test_sandboxed_code_cannot_write_outside_its_folder(tmp_path):
    needs_bwrap()
    gradebook = tmp_path / "gradebook.db"
    gradebook.write_bytes(b"grades")
    package = REPO / "pixels_to_gpt" / "grading" / "guard.py"
    before = package.read_bytes()
    code = f"""
try:
    open({str(gradebook)!r}, "rb").read()
    print("SAW THE GRADEBOOK")
except OSError as error:
    print("DENIED", type(error).__name__)
# writing there only creates a file in the sandbox's own empty /tmp, thrown away after
open({str(gradebook)!r}, "wb").write(b"hacked")
try:
    open({str(package)!r}, "ab").write(b"hacked")
    print("WROTE THE PACKAGE")
except OSError as error:
    print("DENIED", type(error).__name__)
open("answer.txt", "w").write("fine")
print("OWN FOLDER OK")
"""
    out = _sandboxed(code, tmp_path).stdout
    assert out.count("DENIED") == 2 and "OWN FOLDER OK" in out, out
    assert gradebook.read_bytes() == b"grades" and package.read_bytes() == before
    assert (tmp_path / "work" / "answer.txt").read_text() == "fine"


def test_sandboxed_in_memory_tmp_is_limited(tmp_path):
    """Files in the sandbox's /tmp live in RAM: they cannot grow past its size."""
    needs_bwrap()
    code = """
try:
    with open("/tmp/big", "wb") as f:
        for _ in range(300):
            f.write(bytes(2**20))
    print("WROTE 300 MB")
except OSError as error:
    print("REFUSED", error.errno)
import os
os.remove("/tmp/big")
open("/tmp/small", "wb").write(bytes(2**20))
print("SMALL OK")
"""
    out = _sandboxed(code, tmp_path).stdout
    assert "REFUSED" in out and "SMALL OK" in out, out


def test_sandboxed_code_starts_threads_but_no_processes(tmp_path):
    """A fork bomb fails at its first fork, even when the grader runs as root."""
    needs_bwrap()
    code = """
import multiprocessing, os, subprocess, threading, torch
def attempt(what, action):
    try:
        action()
        print("STARTED", what)
    except OSError as error:
        print("REFUSED", what, error.strerror)
attempt("fork", lambda: os.fork() or os.waitpid(-1, 0))
attempt("subprocess", lambda: subprocess.run(["true"]))
attempt("multiprocessing", lambda: multiprocessing.Process(target=print).start())
ran = []
thread = threading.Thread(target=lambda: ran.append("yes"))
thread.start()
thread.join()
torch.set_num_threads(2)
total = torch.ones(1000, 1000).sum().item()
print("THREAD", ran, "TORCH", torch.get_num_threads(), total)
"""
    out = _sandboxed(code, tmp_path).stdout
    assert "STARTED" not in out, out
    for what in ("fork", "subprocess", "multiprocessing"):
        assert f"REFUSED {what} Resource temporarily unavailable" in out, out
    assert "THREAD ['yes'] TORCH 2 1000000.0" in out, out


def test_sandboxed_code_cannot_reach_the_network(tmp_path):
    needs_bwrap()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(5)
    connections = []
    threading.Thread(target=lambda: connections.append(_accept(server)), daemon=True).start()
    port = server.getsockname()[1]
    code = f"""
import socket
for target in [("127.0.0.1", {port}), ("93.184.216.34", 80)]:
    try:
        socket.create_connection(target, timeout=3)
        print("CONNECTED", target)
    except OSError as error:
        print("DENIED", type(error).__name__)
try:
    socket.getaddrinfo("example.com", 80)
    print("RESOLVED")
except OSError:
    print("DENIED dns")
"""
    out = _sandboxed(code, tmp_path).stdout
    server.close()
    assert out.count("DENIED") == 3 and "CONNECTED" not in out, out
    assert connections in ([], [None])


def test_a_sandbox_that_would_show_the_course_is_refused(tmp_path):
    from pixels_to_gpt_grader.sandbox import SandboxUnavailable, check_private

    course = tmp_path / "course"
    check_private([str(course / "autograded" / "ann"), "/tmp/venv"], [str(course)])
    for too_wide in (str(tmp_path), "/", str(course)):
        with pytest.raises(SandboxUnavailable, match="would expose"):
            check_private([too_wide], [str(course / "gradebook.db")])


def _accept(server):
    try:
        return server.accept()
    except OSError:
        return None


def test_limits_stop_a_memory_hog_with_an_ordinary_error(tmp_path):
    needs_bwrap()
    from pixels_to_gpt_grader.sandbox import Limits, set_limits

    limits = Limits(memory_mb=300)
    code = ("x = bytearray(1024 * 1024 * 1024)\nprint('ALLOCATED')")
    work = tmp_path / "work"
    work.mkdir()
    command = bwrap_command([sys.executable, "-c", code], str(work), [str(work)])
    out = subprocess.run(command, capture_output=True, text=True, timeout=60, env=kernel_env(),
                         preexec_fn=lambda: set_limits(limits))
    assert "ALLOCATED" not in out.stdout and "MemoryError" in out.stderr
