"""Running a student's kernel where it can do no harm: bubblewrap plus resource limits.

nbgrader starts one Jupyter kernel per submission, as the grader's user, in the course
directory: without a sandbox the student's code could read `solutions/` and the other
students' work, rewrite the gradebook, reach the network and eat the machine. Here the kernel
is started through a small launcher (the kernelspec's `argv`) that

- sets resource limits that the kernel and everything it starts inherit: memory
  (`RLIMIT_DATA`, which torch's allocator also obeys: an oversized tensor raises an ordinary
  error), CPU seconds, the size of any file written, and
- runs the kernel under `bwrap` (bubblewrap, Debian/Ubuntu package `bubblewrap`) in new user,
  PID, IPC, UTS and network namespaces, with no capabilities, seeing only a read-only Python,
  the course's package, the data mirror, and a writable copy of its own notebook folder;
- lets the kernel start threads but no new processes (a seccomp filter, compiled by
  libseccomp, that bwrap installs): a fork bomb fails at its first fork. A limit on the
  number of processes (`RLIMIT_NPROC`) would not do: the kernel ignores it for root, and
  instructors' grading machines often run as root.

The kernel talks to nbgrader over Unix sockets (ZeroMQ's `ipc` transport) in a folder that
is bound into the sandbox, so it needs no network at all: the network namespace has only a
loopback device of its own.

    python -m pixels_to_gpt_grader.sandbox kernel CONNECTION_FILE [ipykernel args...]
"""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import pixels_to_gpt
import pixels_to_gpt_grader
from pixels_to_gpt_grader import environment

KERNEL_NAME = "p2g-sandbox"
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64")
# Of /etc only what programs need to start: no shadow, no keys, no tokens. The user and
# group files are the sandbox's own (one unprivileged user).
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf",
             "alternatives", "fonts", "mime.types", "os-release", "debian_version")
SANDBOX_UID = 1000
# Only these reach the kernel's environment: nothing of the grader's secrets or tokens.
PASSED_ENV = ("LANG", "LC_ALL", "PIXELS_TO_GPT_DATA", "TIKTOKEN_CACHE_DIR", "NBGRADER_EXECUTION",
              "PYTHONHASHSEED", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "TZ")


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create namespaces here."""


TMP_MB = 256  # the kernel's /tmp, held in memory
WORK_MB = 256  # the kernel's working folder, held in memory too


@dataclass(frozen=True)
class Limits:
    """What one student's kernel may use."""

    memory_mb: int = 2048  # RLIMIT_DATA: heap and anonymous mappings (tensors included)
    cpu_seconds: int = 900  # RLIMIT_CPU: a runaway kernel is killed even if it ignores signals
    file_mb: int = 64  # RLIMIT_FSIZE: no file written by the kernel grows larger
    output_kb: int = 1024  # printed text kept per cell; the rest is dropped with a notice

    def to_env(self) -> dict[str, str]:
        return {environment.LIMITS: json.dumps(asdict(self))}

    @classmethod
    def from_env(cls) -> Limits:
        return cls(**json.loads(os.environ.get(environment.LIMITS, "{}")))


@cache
def bwrap_path() -> str | None:
    """The bwrap executable, if it exists and can make the namespaces we need here."""
    path = shutil.which("bwrap")
    if path is None:
        return None
    probe = [path, "--unshare-all", "--die-with-parent", "--cap-drop", "ALL",
             *_system_binds(), "--proc", "/proc", "--dev", "/dev", "true"]
    try:
        ok = subprocess.run(probe, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    return path if ok else None


CLONE_THREAD = 0x00010000  # clone() flag of a new thread: threads share the kernel's memory


def no_new_processes_filter() -> int:
    """A file descriptor holding a seccomp program (BPF) for `bwrap --seccomp FD`.

    The program refuses every system call that makes a new process: fork, vfork, and clone
    without CLONE_THREAD fail with EAGAIN ("Resource temporarily unavailable", the error a
    process limit gives); clone3, whose flags a filter cannot read, fails with ENOSYS, so that
    the C library falls back to clone for threads. Torch's and Python's threads still work.
    """
    try:
        import pyseccomp as seccomp  # needs the C library libseccomp (Debian: libseccomp2)
    except (ImportError, OSError) as error:
        raise SandboxUnavailable(
            f"cannot load libseccomp ({error}), so the sandbox cannot stop student code from "
            "starting processes. Install it (Debian/Ubuntu: `apt-get install libseccomp2`), "
            "or pass --no-sandbox to grade trusted notebooks without it."
        ) from error
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    refuse = seccomp.ERRNO(errno.EAGAIN)
    for name in ("fork", "vfork"):  # absent on some architectures (arm64): clone covers them
        try:
            rules.add_rule(refuse, name)
        except (OSError, ValueError):
            pass
    rules.add_rule(refuse, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, CLONE_THREAD, 0))
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    fd = os.memfd_create("p2g-no-new-processes")  # inheritable=False; bwrap's caller passes it
    with open(fd, "wb", closefd=False) as program:
        rules.export_bpf(program)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def require_bwrap() -> str:
    path = bwrap_path()
    if path is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed or cannot create user namespaces here, so "
            "student code cannot be contained. Install it (Debian/Ubuntu: `apt-get install "
            "bubblewrap`; on Ubuntu 24.04 also allow unprivileged user namespaces for bwrap), "
            "or pass --no-sandbox to grade trusted notebooks without it."
        )
    return path


def _system_binds() -> list[str]:
    args = []
    for d in SYSTEM_DIRS:
        if os.path.lexists(d):
            args += ["--ro-bind", d, d] if not os.path.islink(d) else ["--symlink",
                                                                      os.readlink(d), d]
    args += ["--dir", "/etc"]
    for name in ETC_FILES:
        path = f"/etc/{name}"
        if os.path.lexists(path):
            args += ["--ro-bind", path, path]
    for name, text in _sandbox_etc().items():
        args += ["--ro-bind", str(text), f"/etc/{name}"]
    return args


@cache
def _sandbox_etc() -> dict[str, Path]:
    """passwd, group and hosts files naming only the sandbox's unprivileged user."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="p2g-etc-"))
    files = {
        "passwd": f"student:x:{SANDBOX_UID}:{SANDBOX_UID}:student:/tmp/home:/bin/sh\n",
        "group": f"student:x:{SANDBOX_UID}:\n",
        "hosts": "127.0.0.1 localhost grader\n::1 localhost\n",
    }
    paths = {}
    for name, text in files.items():
        (folder / name).write_text(text)
        paths[name] = folder / name
    return paths


def readable_paths() -> list[str]:
    """Read-only paths a grading kernel needs: Python, its packages, the course package and
    this tool (whose `kernel` module the sandbox starts)."""
    paths = {sys.prefix, sys.base_prefix, *_package_folders()}
    exe = Path(sys.executable)
    paths.add(str(exe.resolve().parent.parent))
    for key in ("PIXELS_TO_GPT_DATA", "TIKTOKEN_CACHE_DIR"):
        if os.environ.get(key) and os.path.isdir(os.environ[key]):
            paths.add(str(Path(os.environ[key]).resolve()))
    if _data_mirror():
        paths.add(_data_mirror())
    return sorted(p for p in paths if not any(p.startswith(d + "/") for d in SYSTEM_DIRS))


def _data_mirror() -> str | None:
    """The data mirror the course would read here: named by the variable, or beside the
    checkout (which the sandbox does not show, so the kernel is told where it is)."""
    from pixels_to_gpt.data import MIRROR_ENV, mirror_beside_checkout

    if os.environ.get(MIRROR_ENV):
        return None  # passed on as it is
    found = mirror_beside_checkout()
    return str(found.resolve()) if found else None


def python_dirs() -> list[str]:
    """Read-only paths Python and its installed packages need (not the course's package)."""
    paths = {sys.prefix, sys.base_prefix, str(Path(sys.executable).resolve().parent.parent)}
    return sorted(p for p in paths if not any(p.startswith(d + "/") for d in SYSTEM_DIRS))


def _package_folders() -> set[str]:
    """The folders of the course's package and of this tool, as imported here."""
    return {str(Path(module.__file__).resolve().parent)
            for module in (pixels_to_gpt, pixels_to_gpt_grader)}


def package_dirs() -> list[str]:
    """Where the course's package and this tool lie: hidden (empty folders) in the checks'
    sandbox, which sees only Python and its other packages."""
    found = _package_folders()
    for base in python_dirs():
        for name in ("pixels_to_gpt", "pixels_to_gpt_grader"):
            found.update(str(p) for p in Path(base).glob(f"lib*/python*/site-packages/{name}"))
    return sorted(found)


def check_private(bound: list[str], private: list[str]) -> None:
    """Refuse a sandbox in which any `private` path (course, gradebook) would be visible."""
    for path in bound:
        path = os.path.realpath(path)
        for secret in private:
            secret = os.path.realpath(secret)
            if secret == path or secret.startswith(path.rstrip("/") + "/"):
                raise SandboxUnavailable(f"refusing to start the kernel: binding {path} into "
                                         f"the sandbox would expose {secret}")


def bwrap_command(
    command: list[str], workdir: str, writable: list[str], readable: list[str] | None = None,
    private: list[str] = (), seccomp_fd: int | None = None, hidden: list[str] = (),
    scratch: str | None = None,
) -> list[str]:
    """`command` wrapped in bwrap: sees the system read-only, `readable`, and `writable`.

    Paths may be folders or single files. None of them may contain a `private` path.
    `hidden` folders appear empty even where a readable path holds them. `seccomp_fd` (from
    `no_new_processes_filter`, inherited by bwrap) adds that filter. Inside, the code runs
    as an unprivileged user of the sandbox's own, whoever runs the grader.

    `scratch`, a folder, is seen as a sized in-memory folder holding read-only copies of its
    regular files: what the code writes there (files, links, FIFOs) is thrown away with the
    sandbox and never reaches the folder itself.
    """
    readable = list(readable if readable is not None else readable_paths())
    check_private(readable + list(writable), list(private))
    args = [require_bwrap(), "--unshare-all", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
            "--hostname", "grader", *_system_binds(),
            # in-memory folders are sized: files there would otherwise use RAM unlimited
            "--proc", "/proc", "--dev", "/dev", "--size", str(TMP_MB * 2**20), "--tmpfs", "/tmp",
            "--size", str(16 * 2**20), "--tmpfs", "/run",
            "--dir", "/tmp/home"]
    for path in readable:
        args += ["--ro-bind", path, path]
    for path in writable:
        args += ["--bind", path, path]
    for path in hidden:
        if any(path == p or path.startswith(p.rstrip("/") + "/") for p in readable + writable):
            args += ["--tmpfs", path]
    if scratch is not None:
        args += _scratch_binds(Path(scratch))
    if seccomp_fd is not None:
        args += ["--seccomp", str(seccomp_fd)]
    return [*args, "--chdir", workdir, *command]


def _scratch_binds(folder: Path) -> list[str]:
    """bwrap arguments: `folder` as a sized tmpfs with its regular files bound read-only."""
    args = ["--size", str(WORK_MB * 2**20), "--tmpfs", str(folder)]
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            continue  # never followed
        if path.is_dir():
            args += ["--dir", str(path)]
        elif path.is_file():
            args += ["--ro-bind", str(path), str(path)]
    return args


def kernel_env() -> dict[str, str]:
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin", HOME="/tmp/home",
               MPLCONFIGDIR="/tmp/home/.matplotlib", PYTHONDONTWRITEBYTECODE="1",
               PYTHONNOUSERSITE="1")
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("LANG", "C.UTF-8")
    if _data_mirror():
        env["PIXELS_TO_GPT_DATA"] = _data_mirror()
    return env


def set_limits(limits: Limits) -> None:
    """Resource limits for this process and all it starts (inherited across exec)."""
    mb = 1024 * 1024
    for name, value in (("RLIMIT_DATA", limits.memory_mb * mb), ("RLIMIT_CPU",
                                                                limits.cpu_seconds),
                        ("RLIMIT_FSIZE", limits.file_mb * mb), ("RLIMIT_CORE", 0)):
        resource.setrlimit(getattr(resource, name), (value, value))


def write_kernelspec(jupyter_dir: Path, limits: Limits, sandbox: bool = True,
                     private: list[str] = ()) -> str:
    """A kernelspec under `jupyter_dir/kernels/` that starts the contained kernel.

    `private` paths (the course, the gradebook) must stay invisible: the launcher refuses
    to start a sandbox that would show them. Returns the kernel's name; put `jupyter_dir`
    first on JUPYTER_PATH so that it is found.
    """
    spec_dir = Path(jupyter_dir) / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    mode = "kernel" if sandbox else "kernel-unsandboxed"
    spec = {
        "argv": [sys.executable, "-m", "pixels_to_gpt_grader.sandbox", mode,
                 "{connection_file}"],
        "display_name": "Python 3 (grading sandbox)",
        "language": "python",
        # the kernel sits behind bwrap: ask it to interrupt itself rather than signal bwrap
        "interrupt_mode": "message",
        "env": {**limits.to_env(), environment.PRIVATE: json.dumps([str(p) for p in private])},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
    return KERNEL_NAME


def launch_kernel(connection_file: str, extra: list[str], sandbox: bool = True) -> None:
    """Replace this process by the limited (and, with `sandbox`, contained) kernel."""
    limits = Limits.from_env()
    connection = json.loads(Path(connection_file).read_text())
    command = [sys.executable, "-m", "pixels_to_gpt_grader.kernel", "-f", connection_file,
               "--IPKernelApp.capture_fd_output=False", *extra]
    env = kernel_env()
    env[environment.OUTPUT_KB] = str(limits.output_kb)
    workdir = os.getcwd()
    if sandbox:
        if connection.get("transport") != "ipc":
            raise SandboxUnavailable("the sandboxed kernel needs KernelManager.transport = ipc")
        # the connection file may sit in a shared folder (/tmp): bind only the file itself
        readable = [*readable_paths(), str(Path(connection_file).resolve())]
        # the sockets' folder is the only one written through to the grader's disk: the
        # working folder is scratch, so nothing the kernel makes there is copied out
        writable = [str(Path(connection["ip"]).resolve().parent)]
        private = json.loads(os.environ.get(environment.PRIVATE, "[]"))
        seccomp_fd = no_new_processes_filter()
        os.set_inheritable(seccomp_fd, True)  # bwrap reads the filter from it
        command = bwrap_command(command, workdir, writable, readable, private, seccomp_fd,
                                scratch=workdir)
    else:
        env["HOME"] = workdir
        env.pop("MPLCONFIGDIR")
    set_limits(limits)
    # no grader output should reach the kernel's stdout pipe; keep stderr for crash reports
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.execve(command[0], command, env)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) < 2 or argv[0] not in ("kernel", "kernel-unsandboxed"):
        sys.exit(__doc__)
    launch_kernel(argv[1], argv[2:], sandbox=argv[0] == "kernel")


if __name__ == "__main__":
    main()
