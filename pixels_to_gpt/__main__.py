"""Command line: `python -m pixels_to_gpt COMMAND`.

  fetch [NAME ...]      download (or find in the mirror) and verify the course's data files
  train-checkpoint      retrain the committed Tiny Shakespeare model (a few minutes)
  grade ASSIGNMENT SUBMISSIONS
                        autograde a folder or zip of submissions: grades, feedback, report
  validate NOTEBOOK     run a notebook's tests like nbgrader validate; exit 1 if any fails
"""

from __future__ import annotations

import argparse
import sys

from pixels_to_gpt.data import DATA_FILES, DataError, fetch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pixels_to_gpt", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    fetch_cmd = commands.add_parser("fetch", help="download and verify data files")
    fetch_cmd.add_argument("names", nargs="*", help=f"any of {', '.join(DATA_FILES)} (all)")
    commands.add_parser("train-checkpoint", help="retrain the committed Shakespeare model")
    grade_cmd = commands.add_parser("grade", help="grade submissions (see book/instructors.md)")
    grade_cmd.add_argument("assignment", help="the assignment's name, e.g. ch07_sampling")
    grade_cmd.add_argument("submissions", help="a folder of submissions or an LMS zip")
    grade_cmd.add_argument("--course", default=".", help="the nbgrader course directory (.)")
    grade_cmd.add_argument("--jobs", type=int, default=None, help="parallel workers (cores)")
    grade_cmd.add_argument("--out", default=None, help="report folder (reports/ASSIGNMENT)")
    grade_cmd.add_argument("--timeout", type=int, default=None,
                           help="seconds per cell (default: the course's Execute.timeout)")
    grade_cmd.add_argument("--memory-mb", type=int, default=2048, help="per kernel (2048)")
    grade_cmd.add_argument("--roster", default=None,
                           help="file of student ids, one a line: absent ones are 'missing'")
    grade_cmd.add_argument("--force", action="store_true", help="grade everything again")
    grade_cmd.add_argument("--no-sandbox", action="store_true",
                           help="run student code without bubblewrap (trusted notebooks only)")
    validate_cmd = commands.add_parser("validate", help="run a notebook's tests; exit 1 on failure")
    validate_cmd.add_argument("notebooks", nargs="+")
    args = parser.parse_args(argv)

    if args.command == "fetch":
        try:
            for name in args.names or DATA_FILES:
                print(f"{name}: {fetch(name)}")
        except DataError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    elif args.command == "train-checkpoint":
        from pixels_to_gpt.shakespeare_model import train_shakespeare_checkpoint

        val_loss = train_shakespeare_checkpoint()
        print(f"saved; validation loss {val_loss:.4f}")
    elif args.command == "grade":
        return _grade(args)
    elif args.command == "validate":
        from pixels_to_gpt.grading.validate import validate

        return validate(args.notebooks)
    return 0


def _grade(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from pixels_to_gpt.grading.grader import GradingError, Options, grade
    from pixels_to_gpt.grading.sandbox import Limits, SandboxUnavailable

    options = Options(jobs=args.jobs or max(1, os.cpu_count() or 1),
                      limits=Limits(memory_mb=args.memory_mb), sandbox=not args.no_sandbox,
                      timeout=args.timeout, force=args.force)
    roster = Path(args.roster).read_text().split() if args.roster else None
    try:
        outcome = grade(args.assignment, Path(args.submissions), Path(args.course), options,
                        roster=roster, out=Path(args.out) if args.out else None)
    except (GradingError, SandboxUnavailable) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    counts: dict[str, int] = {}
    for row in outcome.rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    print(", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
          + f" (graded in this run: {len(outcome.graded_now)}; the rest were already done)")
    for row in outcome.rows:
        if row["status"] in ("not graded", "missing"):
            print(f"  {row['student']}: {row['status']}: {'; '.join(row['problems'])}")
    print(f"report: {outcome.report}\ngrades: {outcome.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
