"""The grading tool's one entry point: `python -m pixels_to_gpt_grader COMMAND`.

  grade ASSIGNMENT SUBMISSIONS
                        autograde a folder or zip of submissions: grades, feedback, report

Every option of a run goes into one `grader.Options`; book/instructors.md walks through a
term's grading.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pixels_to_gpt.__main__ import quiet_on_a_closed_pipe
from pixels_to_gpt_grader.errors import GradingRunError
from pixels_to_gpt_grader.export import CANVAS_FILE, MOODLE_FILE
from pixels_to_gpt_grader.grader import GradingInterrupted, Options, grade
from pixels_to_gpt_grader.intake import shown
from pixels_to_gpt_grader.sandbox import Limits, SandboxUnavailable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pixels_to_gpt_grader", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    grade_cmd = commands.add_parser("grade", help="grade submissions (see book/instructors.md)")
    grade_cmd.add_argument("assignment", help="the assignment: the name of a folder of "
                           "solutions/, exactly (e.g. ch07_sampling)")
    grade_cmd.add_argument("submissions", help="a folder of submissions or a platform's zip "
                           "(Canvas, Moodle, nbgrader, flat)")
    grade_cmd.add_argument("--course", default=".", help="the nbgrader course directory (.)")
    grade_cmd.add_argument("--jobs", type=int, default=None, help="parallel workers (cores)")
    grade_cmd.add_argument("--out", default=None, help="report folder (reports/ASSIGNMENT)")
    grade_cmd.add_argument("--timeout", type=int, default=None,
                           help="seconds per cell (default: the course's Execute.timeout)")
    grade_cmd.add_argument("--memory-mb", type=int, default=2048, help="per kernel (2048)")
    grade_cmd.add_argument("--roster", default=None,
                           help="file of student ids, one a line: those who never handed "
                           "in are 'missing'")
    grade_cmd.add_argument("--force", action="store_true", help="grade everything again")
    grade_cmd.add_argument("--canvas-assignment", default="", metavar="NAME",
                           help="the assignment's column in canvas-grades.csv, as Canvas "
                           "names it, e.g. 'Sampling (4567)' (default: the assignment)")
    grade_cmd.add_argument("--no-sandbox", action="store_true",
                           help="run student code without bubblewrap (trusted notebooks only)")
    args = parser.parse_args(argv)
    return _grade(args)


def _grade(args: argparse.Namespace) -> int:
    options = Options(jobs=args.jobs or max(1, os.cpu_count() or 1),
                      limits=Limits(memory_mb=args.memory_mb), sandbox=not args.no_sandbox,
                      timeout=args.timeout, force=args.force,
                      canvas_assignment=args.canvas_assignment)
    try:
        roster = None
        if args.roster:
            try:  # one student id a line (Moodle's full names have spaces)
                lines = Path(args.roster).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as error:
                raise GradingRunError(f"cannot read the roster {args.roster}: {error}") from None
            roster = [line for line in lines if line.strip() and not line.startswith("#")]
        outcome = grade(args.assignment, Path(args.submissions), Path(args.course), options,
                        roster=roster, out=Path(args.out) if args.out else None)
    except (GradingRunError, SandboxUnavailable) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (GradingInterrupted, KeyboardInterrupt) as error:
        print(f"\n{error or 'interrupted. Run the same command again to finish.'}",
              file=sys.stderr)
        return 130
    counts: dict[str, int] = {}
    for row in outcome.rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    print(", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
          + f" (graded in this run: {len(outcome.graded_now)}; the rest were already done)")
    for row in outcome.rows:
        if row["status"] in ("not graded", "missing"):
            problems = "; ".join(shown(p) for p in row["problems"])
            print(f"  {shown(row['student'])}: {row['status']}: {problems}")
    for text in outcome.refused:
        print(f"  refused: {shown(text)}")
    print(f"report: {outcome.report}\ngrades: {outcome.csv}")
    for platform, name in (("Canvas", CANVAS_FILE), ("Moodle", MOODLE_FILE)):
        print(f"for {platform}'s import: {outcome.csv.parent / name}")
    return 0


def run_main() -> int:
    """main(), quiet when its output is piped into a reader that stops early (`| head`)."""
    return quiet_on_a_closed_pipe(main)


if __name__ == "__main__":
    sys.exit(run_main())
