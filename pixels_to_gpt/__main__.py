"""Command line: `python -m pixels_to_gpt COMMAND`.

  fetch [NAME ...]      download (or find in the mirror) and verify the course's data files
  train-checkpoint      retrain the committed Tiny Shakespeare model (a few minutes)
  train-chat-checkpoints  retrain chapter 9's token model, then fine-tune its chat model
  validate NOTEBOOK     run a notebook's tests like nbgrader validate; exit 1 if any fails
  workspace             a student's copies of the exercises in work/, then JupyterLab
  edition OUT           build the student edition (no solutions, hidden tests, catalogue)
  exercises [NAME ...]  inline hidden_tests/ into solutions/, then regenerate exercises/
                        from solutions/, never over someone's work

Grading is the instructors' tool of its own, in grader/: `python -m pixels_to_gpt_grader`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

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
    validate_cmd = commands.add_parser("validate", help="run a notebook's tests; exit 1 on failure")
    validate_cmd.add_argument("notebooks", nargs="+")
    workspace_cmd = commands.add_parser(
        "workspace", help="a student's copies of the exercises in work/ (never overwritten), "
        "then JupyterLab")
    workspace_cmd.add_argument("--course", default=None,
                               help="the course's folder (this one, else the package's)")
    workspace_cmd.add_argument("--no-lab", action="store_true", help="do not start JupyterLab")
    workspace_cmd.add_argument("--language", default=None,
                               help="new copies' instructions in hu, zh_CN or zh_TW (English)")
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
    elif args.command == "validate":
        from pixels_to_gpt.grading.validate import validate

        return validate(args.notebooks)
    elif args.command == "workspace":
        from pixels_to_gpt.workspace import run as workspace

        return workspace(args.course, lab=not args.no_lab, language=args.language)
    elif args.command == "edition":
        from pixels_to_gpt.edition import edition_command

        return edition_command(args.out, args.course, git=not args.no_git)
    elif args.command == "exercises":
        from pathlib import Path

        from pixels_to_gpt.edition import regenerate_exercises

        return regenerate_exercises(Path(args.course), args.assignments or None)
    return 0


def quiet_on_a_closed_pipe(main: Callable[[], int]) -> int:
    """main(), quiet when its output is piped into a reader that stops early (`| head`).

    The grading tool's command line (`pixels_to_gpt_grader`) ends the same way.
    """
    try:
        code = main()
        sys.stdout.flush()  # here, where a closed pipe is caught, not at exit
        return code
    except BrokenPipeError:
        # the reader is gone: say nothing more (Python would print a traceback on exit)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def run_main() -> int:
    """main(), quiet when its output is piped into a reader that stops early (`| head`)."""
    return quiet_on_a_closed_pipe(main)


if __name__ == "__main__":
    sys.exit(run_main())
