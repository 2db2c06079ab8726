"""Command line: `python -m pixels_to_gpt COMMAND`.

  fetch [NAME ...]      download (or find in the mirror) and verify the course's data files
  train-checkpoint      retrain the committed Tiny Shakespeare model (a few minutes)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
