"""How long grading a class takes: the course's command against plain serial nbgrader.

    python grader/bench/grading.py [--students 30] [--jobs N]

Makes a throw-away course with the chapter-7 assignment and N submissions (the reference,
the untouched release and the catalogue's wrong and correct answers, in turn), then, in the
same run and on the same machine:

1. `nbgrader autograde ch07_sampling` (serial, unsandboxed, as nbgrader ships), then
   `nbgrader generate_feedback ch07_sampling`;
2. `python -m pixels_to_gpt_grader grade ch07_sampling` on a fresh copy of the same course
   (bubblewrap sandbox, N workers, the grader's own check outside each kernel, feedback
   without hidden tests, report).

It prints the seconds of each, their ratio, the load average before and after each
(other work on the machine slows both), and checks that both gave every student the same
score. Paste the summary under "## Grading" in bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pixels_to_gpt_grader.catalogue import load_catalogue  # noqa: E402
from pixels_to_gpt_grader.course import Course  # noqa: E402

ASSIGNMENT = "ch07_sampling"


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}


def _timed(command: list[str], cwd: Path) -> tuple[float, tuple[float, float]]:
    load = os.getloadavg()[0]
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=_env())
    return time.perf_counter() - start, (load, os.getloadavg()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    course = Course.create(tmp / "serial", REPO, ASSIGNMENT)
    catalogue = load_catalogue(REPO / "tests" / "catalogue" / ASSIGNMENT)
    answers = [None, {}] + [v.answers for v in catalogue]
    downloads = tmp / "downloads"
    downloads.mkdir()
    for i in range(args.students):
        choice = answers[i % len(answers)]
        nb = (course.submission(use_reference=False) if choice is None
              else course.submission(choice))
        folder = course.root / "submitted" / f"s{i:02d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / "sampling.ipynb")
        nbformat.write(nb, downloads / f"s{i:02d}.ipynb")
    ours = tmp / "command"
    shutil.copytree(course.root, ours, ignore=shutil.ignore_patterns("submitted"))

    nbgrader = [sys.executable, "-m", "nbgrader"]
    serial, serial_load = _timed([*nbgrader, "autograde", ASSIGNMENT, "--create"],
                                 course.root)
    feedback, _ = _timed([*nbgrader, "generate_feedback", ASSIGNMENT], course.root)
    command, command_load = _timed(
        [sys.executable, "-m", "pixels_to_gpt_grader", "grade", ASSIGNMENT, str(downloads),
         "--jobs", str(args.jobs), "--course", str(ours)], ours)

    plain = course.scores([f"s{i:02d}" for i in range(args.students)])
    with open(ours / "reports" / ASSIGNMENT / "grades.csv") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    # where they differ, the command's own check outside the kernel must have refuted a
    # pass that the kernel reported, and flagged it (a catalogue answer that tampers)
    differ = [s for s, cells in plain.items()
              if sum(score or 0 for score, _ in cells.values()) != float(rows[s]["score"])]
    disagree = [s for s in differ if "tampering" not in rows[s].get("problems", "")
                + rows[s].get("suspicious_code", "") + rows[s].get("flags", "")]

    print(f"{args.students} submissions of {ASSIGNMENT}, {os.cpu_count()} cores, "
          f"--jobs {args.jobs}")
    print(f"nbgrader autograde (serial):         {serial:6.1f} s  "
          f"(load {serial_load[0]:.1f} -> {serial_load[1]:.1f})")
    print(f"  + nbgrader generate_feedback:      {serial + feedback:6.1f} s")
    print(f"python -m pixels_to_gpt_grader grade:       {command:6.1f} s  "
          f"(load {command_load[0]:.1f} -> {command_load[1]:.1f}; autograde, sandbox, "
          "feedback, report)")
    print(f"speed-up over serial autograde:      {serial / command:6.2f}x")
    print(f"speed-up over autograde + feedback:  {(serial + feedback) / command:6.2f}x")
    print("scores agree" + (f", but for {len(differ)} whose tampering the outside check "
                            "refuted" if differ else "") if not disagree
          else f"SCORES DIFFER for {disagree}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
