"""Command line: `python -m pixels_to_gpt COMMAND`.

  fetch [NAME ...]      download (or find in the mirror) and verify the course's data files
  train-checkpoint      retrain the committed Tiny Shakespeare model (a few minutes)
  train-chat-checkpoints  retrain chapter 9's token model, then fine-tune its chat model
  grade ASSIGNMENT SUBMISSIONS
                        autograde a folder or zip of submissions: grades, feedback, report
  validate NOTEBOOK     run a notebook's tests like nbgrader validate; exit 1 if any fails
"""

from __future__ import annotations

import argparse
import os
import sys

from pixels_to_gpt.data import DATA_FILES, DataError, fetch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pixels_to_gpt", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    fetch_cmd = commands.add_parser("fetch", help="download and verify data files")
    fetch_cmd.add_argument("names", nargs="*", help=f"any of {', '.join(DATA_FILES)} (all)")
    commands.add_parser("train-checkpoint", help="retrain the committed Shakespeare model")
    commands.add_parser("train-chat-checkpoints",
                        help="retrain chapter 9's token model and chat model")
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
    validate_cmd = commands.add_parser("validate", help="run a notebook's tests; exit 1 on failure")
    validate_cmd.add_argument("notebooks", nargs="+")
    workspace_cmd = commands.add_parser(
        "workspace", help="a student's copies of the exercises in work/ (never overwritten), "
        "then JupyterLab")
    workspace_cmd.add_argument("--course", default=None,
                               help="the course's folder (this one, else the package's)")
    workspace_cmd.add_argument("--no-lab", action="store_true", help="do not start JupyterLab")
    edition_cmd = commands.add_parser(
        "edition", help="build the student edition: no solutions, hidden tests or catalogue")
    edition_cmd.add_argument("out", help="the folder (a git repository) to build it in")
    edition_cmd.add_argument("--course", default=None, help="the course's folder")
    edition_cmd.add_argument("--no-git", action="store_true", help="a plain folder, no git")
    exercises_cmd = commands.add_parser(
        "exercises", help="regenerate exercises/ from solutions/, never over someone's work")
    exercises_cmd.add_argument("assignments", nargs="*", help="only these (all)")
    exercises_cmd.add_argument("--course", default=".", help="the course's folder (.)")
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
    elif args.command == "train-chat-checkpoints":
        from pixels_to_gpt.chat_model import train_bpe_checkpoint, train_chat_checkpoint

        per_char = train_bpe_checkpoint()
        print(f"token model saved; validation loss {per_char:.4f} per character")
        rates = train_chat_checkpoint()
        print(f"chat model saved; held-out rates before and after fine-tuning: {rates}")
    elif args.command == "grade":
        return _grade(args)
    elif args.command == "validate":
        from pixels_to_gpt.grading.validate import validate

        return validate(args.notebooks)
    elif args.command == "workspace":
        from pixels_to_gpt.workspace import run as workspace

        return workspace(args.course, lab=not args.no_lab)
    elif args.command == "edition":
        from pixels_to_gpt.edition import edition_command

        return edition_command(args.out, args.course, git=not args.no_git)
    elif args.command == "exercises":
        from pathlib import Path

        from pixels_to_gpt.edition import regenerate_exercises

        return regenerate_exercises(Path(args.course), args.assignments or None)
    return 0


def _grade(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from pixels_to_gpt.grading.grader import (
        GradingError,
        GradingInterrupted,
        Options,
        grade,
        shown,
    )
    from pixels_to_gpt.grading.sandbox import Limits, SandboxUnavailable

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
                raise GradingError(f"cannot read the roster {args.roster}: {error}") from None
            roster = [line for line in lines if line.strip() and not line.startswith("#")]
        outcome = grade(args.assignment, Path(args.submissions), Path(args.course), options,
                        roster=roster, out=Path(args.out) if args.out else None)
    except (GradingError, SandboxUnavailable) as error:
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
    from pixels_to_gpt.grading.export import CANVAS_FILE, MOODLE_FILE

    for platform, name in (("Canvas", CANVAS_FILE), ("Moodle", MOODLE_FILE)):
        print(f"for {platform}'s import: {outcome.csv.parent / name}")
    return 0


def run_main() -> int:
    """main(), quiet when its output is piped into a reader that stops early (`| head`)."""
    try:
        code = main()
        sys.stdout.flush()  # here, where a closed pipe is caught, not at exit
        return code
    except BrokenPipeError:
        # the reader is gone: say nothing more (Python would print a traceback on exit)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(run_main())
