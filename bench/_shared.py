"""What the benchmarks `kv_cache.py` and `live_model.py` share: the options of their command
line that are the same, and the load line they print. (Each runs as `python bench/NAME.py`,
so this folder is on the import path.)"""

from __future__ import annotations

import argparse
import os


def load() -> str:
    """The load average: other programs on the same cores slow a benchmark down."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def arguments(doc: str, threads: int, threads_help: str) -> argparse.ArgumentParser:
    """A command line described by `doc`'s first line, with --rounds (3 by default) and
    --threads (`threads` by default)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=threads, help=threads_help)
    return parser
