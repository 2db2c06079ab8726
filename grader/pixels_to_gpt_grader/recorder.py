"""Inside the sandbox: what a student's functions return on the grader's inputs, recorded.

    python recorder.py PLAN.json > RECORDS.json

The grade is decided outside the student's process (`verdict.py`): there the records are
compared with values the grader computes itself. This file is that check's hands inside the
sandbox, so it is bound there alone, without the course's package: none of the reference
answers can be imported, read or unpickled next to the student's code. It needs only the
standard library and torch.

For each question a child process is forked. The child closes every way back to the grader
but its own pipe, forbids itself new processes and tracing (seccomp), builds the question's
inputs, runs the student's code cells, puts correct versions of the *other* functions the
question needs in place (sent by the grader, never a correct version of the question's own
function), calls the function on each input and writes what came back. Student code runs
only in children, never in this parent, which reads each child's pipe with a size and time
limit and writes all records as one JSON document.

A record is plain data (`encode`): a tensor is its dtype, shape and values; an exception is
its type name. Nothing is unpickled on either side.
"""

from __future__ import annotations

import builtins
import errno
import hashlib
import json
import os
import select
import signal
import sys
import time

MAX_RECORD_BYTES = 16 * 2**20  # one question's records
CELLS_RAN = b"\n"  # a child's first byte: the notebook's cells have run
CLONE_THREAD = 0x00010000


def encode(obj, depth: int = 0, digest_above: int | None = None):
    """A JSON-able description of a value a student's function returned.

    A tensor of more than `digest_above` elements is described by a SHA-256 of its values
    instead (enough to tell whether an input was changed).

    >>> encode(3)
    {'py': 'int', 'value': 3}
    """
    import torch

    if depth > 6:
        return {"py": "too deep"}
    if isinstance(obj, torch.Tensor):
        base = torch._C.TensorBase
        t = base.reshape(base.detach(obj), (-1,))
        out = {"tensor": str(obj.dtype).removeprefix("torch."),
               "shape": [int(n) for n in base.size(obj)]}
        if digest_above is not None and base.numel(t) > digest_above:
            data = base.numpy(base.contiguous(base.cpu(t))).tobytes()
            out["sha256"] = hashlib.sha256(data).hexdigest()
        else:
            out["values"] = base.tolist(t)
        return out
    if obj is None or type(obj) in (bool, int, float, str):
        return {"py": type(obj).__name__, "value": obj}
    if type(obj) in (list, tuple):
        return {"py": type(obj).__name__,
                "items": [encode(x, depth + 1, digest_above) for x in obj[:100_000]]}
    if type(obj) is dict:
        return {"py": "dict", "items": [[encode(k, depth + 1, digest_above),
                                         encode(v, depth + 1, digest_above)]
                                        for k, v in list(obj.items())[:10_000]]}
    return {"py": "other", "type": type(obj).__name__}


def versions(obj, depth: int = 0) -> list[int]:
    """torch's write counters of every tensor in `obj` (nested lists, tuples, dicts): an
    in-place write moves a tensor's counter even when it changes no value."""
    import torch

    if depth > 4:
        return []
    if isinstance(obj, torch.Tensor):
        return [vars(torch._C.TensorBase)["_version"].__get__(obj)]
    if type(obj) in (list, tuple):
        return [v for x in obj[:1000] for v in versions(x, depth + 1)]
    if type(obj) is dict:
        return [v for x in list(obj.values())[:1000] for v in versions(x, depth + 1)]
    return []


def written(obj, before: list[int]) -> list[int]:
    """How often each tensor of `obj` was written to since its counters were `before`."""
    return [after - then for after, then in zip(versions(obj), before, strict=False)]


def _python_source(source: str) -> str:
    """Cell source with IPython syntax (magics) turned into Python, where IPython is here."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:  # the raw text then
        return source


def _forbid_processes_and_tracing() -> None:
    """seccomp: no fork, no process clone, no ptrace or reading/writing other processes."""
    import pyseccomp as seccomp

    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    for name in ("fork", "vfork", "ptrace", "process_vm_readv", "process_vm_writev",
                 "pidfd_getfd", "pidfd_open"):
        try:
            rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
        except (OSError, ValueError):  # a call this architecture does not have
            pass
    rules.add_rule(seccomp.ERRNO(errno.EAGAIN), "clone",
                   seccomp.Arg(0, seccomp.MASKED_EQ, CLONE_THREAD, 0))
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    rules.load()


class CellTimeout(BaseException):
    """Raised in a cell that ran past its time (like the kernel's KeyboardInterrupt)."""


def _interrupt(signum, frame):
    raise CellTimeout


def _child(plan: dict, cells: list[str], question: dict, write_fd: int,
           limits: dict[int, float]) -> None:
    """Runs in the forked child: never returns. `limits`: seconds for cells known slow."""
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.closerange(3, write_fd)
        os.closerange(write_fd + 1, 1 << 16)
        if plan.get("seccomp", True):
            _forbid_processes_and_tracing()
        import torch

        torch.set_num_threads(1)
        fixtures = {"torch": torch, "SEED": plan["seed"], "__builtins__": builtins}
        exec(compile(plan.get("fixtures", ""), "<grader fixtures>", "exec"), fixtures)
        calls = []
        for case in question["cases"]:  # built before any student code runs
            args = eval(case.get("args", "()"), fixtures)  # the grader's own text
            kwargs = eval(case.get("kwargs", "{}"), fixtures)
            calls.append((case["id"], tuple(args), dict(kwargs)))
        notes, slow = [], []
        namespace = {"__name__": "__main__", "__builtins__": builtins}
        exec(compile(plan.get("prelude", ""), "<grader prelude>", "exec"), namespace)
        signal.signal(signal.SIGALRM, _interrupt)
        for index, source in enumerate(cells):
            # a cell that runs too long is interrupted and the next one runs, as the
            # grading kernel does after its time limit: what it defined before still counts
            signal.setitimer(signal.ITIMER_REAL, limits.get(index, plan.get("cell_timeout", 10)))
            try:
                exec(compile(source, f"<cell {index + 1}>", "exec"), namespace)
            except CellTimeout:
                slow.append(index)
                notes.append(f"cell {index + 1} ran past its time and was interrupted")
            except BaseException as error:  # a failing cell stops there, as in a kernel
                notes.append(f"cell {index + 1} raised {type(error).__name__}")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        exec(compile(question.get("inject", ""), "<grader helpers>", "exec"), namespace)
        os.write(write_fd, CELLS_RAN)
        function = namespace.get(question["function"])
        driver = fixtures[question["driver"]] if question.get("driver") else None
        records = {}
        for case_id, args, kwargs in calls:
            # the global generator is seeded apart from the answer (CPU only: cheap)
            torch.default_generator.manual_seed(plan["seed"] % 2**31 + len(records))
            before = versions(list(args))
            try:
                if not callable(function):
                    raise NameError(f"{question['function']} is not defined")
                out = (driver(function, *args, **kwargs) if driver
                       else function(*args, **kwargs))
                record = {"result": encode(out), "is_input": any(out is a for a in args)}
            except BaseException as error:  # recorded, judged outside
                record = {"raised": type(error).__name__, "message": str(error)[:300]}
            try:
                record["inputs"] = encode(list(args), digest_above=256)
                record["writes"] = written(list(args), before)
            except BaseException:
                record["inputs"] = None
            records[case_id] = record
        payload = json.dumps({"records": records, "notes": notes, "slow": slow}).encode()
    except BaseException as error:
        payload = json.dumps({"error": f"{type(error).__name__}: {error}"[:500]}).encode()
    view = memoryview(payload)
    while view:
        view = view[os.write(write_fd, view[:65536]):]
    os._exit(0)


def _collect(pid: int, read_fd: int, timeout: float) -> dict:
    data = bytearray()
    deadline = time.monotonic() + timeout
    why = None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            why = f"it did not finish within {timeout:g} s"
            break
        ready, _, _ = select.select([read_fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(read_fd, 1 << 16)
        if not chunk:
            break
        data += chunk
        if len(data) > MAX_RECORD_BYTES:
            why = "its answers were larger than the grader accepts"
            break
    if why:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(read_fd)
    if why:
        where = "calling the function" if data.startswith(CELLS_RAN) else "running the cells"
        return {"error": f"{why} ({where})", "cells_ran": data.startswith(CELLS_RAN)}
    try:
        return json.loads(bytes(data[len(CELLS_RAN):] if data.startswith(CELLS_RAN) else data))
    except ValueError:
        code = os.waitstatus_to_exitcode(status)
        return {"error": "the process running it ended before answering"
                + (f" (exit status {code})" if code else "")}


def _not_traceable() -> None:
    """Children (student code) may not read or write this process's memory (PR_SET_DUMPABLE)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except (OSError, AttributeError):
        pass


def record(plan: dict, cells: list[str]) -> dict:
    """question -> {"records": {case id: record}, "notes": [...]} or {"error": reason}.

    `cells` are one submission's code cells; each question runs them in a child of its own.
    """
    import torch  # noqa: F401 - imported once, before forking: children share it

    _not_traceable()
    cells = [_python_source(source) for source in cells]  # text only: nothing runs here
    out = {}
    limits: dict[int, float] = {}  # a cell interrupted once is given a second the next times
    for question in plan["questions"]:
        hung = next((r for r in out.values() if r.get("cells_ran") is False), None)
        if hung:  # the cells themselves never finish: every question would wait as long
            out[question["question"]] = hung
            continue
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(plan, cells, question, write_fd, limits)
        os.close(write_fd)
        out[question["question"]] = _collect(pid, read_fd, plan.get("timeout", 60))
        slow = out[question["question"]].get("slow")
        if isinstance(slow, list):
            limits.update((i, 1.0) for i in slow if isinstance(i, int))
    return out


def main() -> None:
    """PLAN.json holds `submissions` (name -> code cells): records for each, by name."""
    with open(sys.argv[1]) as f:
        plan = json.load(f)
    out = json.dumps({name: record(plan, cells) for name, cells in plan["submissions"].items()})
    sys.stdout.write(out)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
