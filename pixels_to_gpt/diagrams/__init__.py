"""The book's diagrams, drawn by code: `python -m pixels_to_gpt.diagrams` writes them.

Each module draws one SVG file of `book/images/` from the shared helpers of `svg.py`, with
no randomness and no dependency outside the standard library, so running the command again
writes the same bytes (`tests/test_diagrams.py` checks that the committed files are exactly
what it writes). To change a diagram, change its module, run the command and commit both.
Every file has a `<title>` and a `<desc>` that say in words what it shows.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from pixels_to_gpt.diagrams import (
    backprop_graph,
    gpt_architecture,
    heads_split_merge,
    kv_cache_step,
)

BOOK_IMAGES = Path(__file__).resolve().parents[2] / "book" / "images"
# file name -> the function that draws it
DIAGRAMS: dict[str, Callable[[], str]] = {
    "backprop_graph.svg": backprop_graph.draw,  # chapter 1
    "heads_split_merge.svg": heads_split_merge.draw,  # chapter 4
    "gpt_architecture.svg": gpt_architecture.draw,  # chapter 5
    "kv_cache_step.svg": kv_cache_step.draw,  # chapter 8
}


def write_diagrams(folder: Path = BOOK_IMAGES) -> list[Path]:
    """Write every diagram into `folder`; returns the files whose bytes changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed: list[Path] = []
    for name, draw in DIAGRAMS.items():
        target = folder / name
        data = draw().encode("utf-8")  # bytes: no newline translation on any system
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
            changed.append(target)
    return changed


def main(argv: list[str] | None = None) -> int:
    """`python -m pixels_to_gpt.diagrams [FOLDER]`: write the diagrams, say which changed."""
    parser = argparse.ArgumentParser(prog="python -m pixels_to_gpt.diagrams",
                                     description="Write the book's diagrams (SVG).")
    parser.add_argument("folder", nargs="?", type=Path, default=BOOK_IMAGES,
                        help=f"where to write them (default: {BOOK_IMAGES})")
    folder = parser.parse_args(argv).folder
    changed = write_diagrams(folder)
    for path in changed:
        print(f"wrote {path}")
    print(f"{len(DIAGRAMS)} diagrams in {folder}: {len(changed)} changed")
    return 0
