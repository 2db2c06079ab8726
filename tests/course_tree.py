"""The course's tree as the tests see it: the repository root, the data mirror beside the
checkout, the assignments, the package functions that answer them, and the book's build.
(Tests import these from here; `conftest.py` holds the fixtures.)"""

from __future__ import annotations

import os
from pathlib import Path

from pixels_to_gpt.data import mirror_beside_checkout
from pixels_to_gpt_grader.similarity import package_module

REPO = Path(__file__).resolve().parents[1]
MIRROR = mirror_beside_checkout()  # ../shared/data, where the data layer looks by itself


# The package module whose functions answer an assignment (the grader's own mapping, which
# also looks for copies of them): the code a chapter shows must pass that chapter's hidden
# tests too. (ch01's `loss` has another name in the package; ch02's and ch04's functions call
# helpers of their modules, e.g. `causal_mask`, that no answer cell defines.)
PACKAGE_ANSWERS = {assignment: package_module(assignment) for assignment in (
    "ch03_embeddings", "ch05_gpt", "ch06_training", "ch07_sampling", "ch08_kv_cache",
    "ch09_chat")}
# The package's helpers that an answer calls, handed in in the same cell before it (as a
# student may write a helper of their own).
PACKAGE_HELPERS = {"generate": ("check_prompt", "sample_tokens"),
                   "generate_cached": ("check_prompt", "sample_tokens"),
                   "sample_next_token": ("filtered_distribution",)}


def package_answers(assignment: str, answer_ids: list[str]) -> dict[str, str]:
    """grade_id -> the source of the package function of that name."""
    import importlib
    import inspect

    module = importlib.import_module(PACKAGE_ANSWERS[assignment])
    return {
        grade_id: "from __future__ import annotations\n\n"
        + "".join(inspect.getsource(getattr(module, name)) + "\n\n"
                  for name in PACKAGE_HELPERS.get(grade_id, ()))
        + inspect.getsource(getattr(module, grade_id))
        for grade_id in answer_ids
        if hasattr(module, grade_id)
    }


def assignments() -> list[str]:
    return sorted(p.name for p in (REPO / "solutions").iterdir() if p.is_dir())


def build_book() -> tuple[int, str]:
    """Build the site, in every language, into _build/html once per test run: (exit status,
    log).

    Both the book's tests and the browser tests need it, and under `pytest -n 2` they may
    run on two workers: the first to ask builds (holding a lock), the other waits and reads
    the same outcome.
    """
    import fcntl
    import json
    import subprocess
    import sys

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
    folder = REPO / "_build"
    folder.mkdir(exist_ok=True)
    outcome = folder / f".book-build-{run}.json"
    with open(folder / ".book-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.is_file():
            bin_dir = Path(sys.executable).parent
            env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
            # what `make book` runs: English, then each translation, every build with -W
            result = subprocess.run(
                [sys.executable, "-m", "pixels_to_gpt.site", "build"],
                cwd=REPO, capture_output=True, text=True, env=env, timeout=1800)
            for old in folder.glob(".book-build-*.json"):
                old.unlink()
            outcome.write_text(json.dumps([result.returncode, result.stdout + result.stderr]))
        code, log = json.loads(outcome.read_text())
    return code, log
