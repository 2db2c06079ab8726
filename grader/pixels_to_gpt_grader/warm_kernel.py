"""Kernels that start warm: forked from a process that has already imported torch.

A catalogue run (`course.Course.autograde`) grades hundreds of notebooks, each in a fresh
kernel, and on a laptop CPU a fresh kernel spends most of its life importing torch and
ipykernel (4 of its 6 seconds here). So the harness starts one server that imports them once
and forks a kernel for each notebook: every kernel is still a new process with its own
state, started by nbgrader through a kernelspec like any other, only without the imports'
wait. Nothing of the course is imported before the fork (the hidden tests check what a
notebook imported), and the fork happens before torch has run anything (no threads yet).

    with warm_kernels(folder) as (kernel_name, env):
        ... nbgrader autograde --Execute.kernel_name=<kernel_name>, with env ...

The real grading command does not use this: its kernels start in the sandbox.

The kernelspec runs `python -m pixels_to_gpt_grader.warm_kernel connect SOCKET FILE`: a
small process that asks the server for a kernel and stands for it, so that nbgrader's
interrupts (SIGINT) and stops (SIGTERM) reach the kernel, and a kernel whose stand-in is
killed stops too.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

KERNEL_NAME = "p2g-warm"


# ------------------------------------------------------------------------- the server
def serve(socket_path: str) -> None:
    """Import what every kernel needs, then fork a kernel for each request."""
    import ipykernel.kernelapp  # noqa: F401 - imported once, here, for every kernel
    import numpy  # noqa: F401
    import torch  # noqa: F401

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(socket_path)
        server.listen(16)
        while True:
            connection, _ = server.accept()
            with connection:
                request = json.loads(connection.makefile().readline())
                pid = os.fork()
                if pid == 0:
                    server.close()
                    connection.close()
                    _run_kernel(request)  # never returns
                connection.sendall(f"{pid}\n".encode())


def _run_kernel(request: dict) -> None:
    """In the forked child: become the kernel the stand-in asked for."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel waits for its own children
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        _reseed()
        for name in [m for m in sys.modules if m.startswith("pixels_to_gpt")]:
            del sys.modules[name]  # this module's own package: a kernel starts without it
        threading.Thread(target=_stop_without, args=(request["stand_in"],), daemon=True).start()
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = ["ipykernel_launcher", *request["argv"]]
        IPKernelApp.launch_instance(argv=request["argv"])
        code = 0
    finally:
        os._exit(code)


def _reseed() -> None:
    """Random states the fork copied from the server: each kernel draws its own (Python's
    `random` reseeds itself after a fork; numpy's legacy global state does not)."""
    import numpy

    numpy.random.seed()


def _stop_without(pid: int) -> None:
    """End this kernel once the process that stands for it is gone (killed, say)."""
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        time.sleep(0.5)


# ------------------------------------------------------------------ the stand-in
def connect(socket_path: str, connection_file: str) -> int:
    """Ask the server for a kernel on `connection_file`; forward signals until it ends."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(socket_path)
        request = {"argv": ["-f", connection_file], "cwd": os.getcwd(),
                   "env": dict(os.environ), "stand_in": os.getpid()}
        client.sendall((json.dumps(request) + "\n").encode())
        kernel = int(client.makefile().readline())

    def forward(signum, frame):
        with contextlib.suppress(ProcessLookupError):
            os.kill(kernel, signum)
        if signum == signal.SIGTERM:
            sys.exit(0)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT):
        signal.signal(signum, forward)
    while True:
        try:
            os.kill(kernel, 0)
        except ProcessLookupError:
            return 0
        time.sleep(0.1)


# ------------------------------------------------------------------ for the harness
@contextlib.contextmanager
def warm_kernels(folder: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A running server and its kernelspec under `folder`: (kernel name, environment for
    the nbgrader command that should use it). The server and its kernels stop after."""
    folder = Path(folder)
    spec = folder / "jupyter" / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    socket_path = str(folder / "kernels.sock")
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "pixels_to_gpt_grader.warm_kernel", "connect",
                 socket_path, "{connection_file}"],
        "display_name": "Python 3 (warm)", "language": "python"}, indent=1))
    server = subprocess.Popen([sys.executable, "-m", "pixels_to_gpt_grader.warm_kernel",
                               "serve", socket_path], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not os.path.exists(socket_path):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the warm-kernel server did not start")
            time.sleep(0.1)
        path = os.pathsep.join(p for p in (str(folder / "jupyter"),
                                           os.environ.get("JUPYTER_PATH")) if p)
        yield KERNEL_NAME, {"JUPYTER_PATH": path}
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # the server; kernels have sessions of
        server.wait()  # their own and end with their stand-ins


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2])
    elif sys.argv[1:2] == ["connect"]:
        sys.exit(connect(sys.argv[2], sys.argv[3]))
    else:
        sys.exit("usage: python -m pixels_to_gpt_grader.warm_kernel serve SOCKET | "
                 "connect SOCKET CONNECTION_FILE")
