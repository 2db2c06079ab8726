"""Warm kernels (the catalogue harness's): each notebook still runs in a process of its own,
with fresh state, interrupts and stops work, and nothing is left running after."""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from pixels_to_gpt_grader.warm_kernel import warm_kernels

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks, /proc")

PROBE = """import os, random, sys
import numpy
print("PID", os.getpid())
print("RANDOM", random.random(), numpy.random.rand())
print("COURSE", sorted(m for m in sys.modules if m.startswith("pixels_to_gpt")))
print("TORCH", "torch" in sys.modules)
print("CWD", os.getcwd(), os.environ.get("WARM_KERNEL_PROBE"))
"""


def _run(cells: list[str], kernel: str, env: dict, cwd, timeout: int = 30):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=True,
                       interrupt_on_timeout=True, resources={"metadata": {"path": str(cwd)}}
                       ).execute()
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return ["".join(o.get("text", "") + o.get("ename", "") for o in c.outputs) for c in nb.cells]


def _lines(text: str, tag: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(tag))


def _server_processes(folder) -> list[str]:
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if str(folder) in line and "warm_kernel" in line]


def test_each_notebook_gets_a_fresh_process_with_its_own_state(tmp_path):
    with warm_kernels(tmp_path / "warm") as (kernel, env):
        env = {**env, "WARM_KERNEL_PROBE": "seen"}
        first = _run([PROBE], kernel, env, tmp_path)[0]
        second = _run([PROBE], kernel, env, tmp_path)[0]
    assert _lines(first, "PID") != _lines(second, "PID") != f"PID {os.getpid()}"
    assert _lines(first, "RANDOM") != _lines(second, "RANDOM")  # both generators reseeded
    assert _lines(first, "COURSE") == "COURSE []"  # nothing of the course imported for it
    assert _lines(first, "TORCH") == "TORCH True"  # the wait it saves
    assert _lines(first, "CWD") == f"CWD {tmp_path} seen"  # its folder and environment
    assert _server_processes(tmp_path) == []


def test_an_endless_cell_is_interrupted_and_the_next_cells_run(tmp_path):
    with warm_kernels(tmp_path / "warm") as (kernel, env):
        outputs = _run(["while True: pass", "import subprocess\n"
                        "print('CHILD', subprocess.run(['false']).returncode)"],
                       kernel, env, tmp_path, timeout=3)
    assert "KeyboardInterrupt" in outputs[0]
    assert "CHILD 1" in outputs[1]  # the kernel waits for its own child processes
    assert _server_processes(tmp_path) == []
