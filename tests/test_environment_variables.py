"""Every environment variable the course's code reads is listed in CONTRIBUTING.md, and
every listed one is still read somewhere."""

from __future__ import annotations

import re
import subprocess

from course_tree import REPO

NAME = re.compile(r"\b(PIXELS_TO_GPT_[A-Z_]+|P2G_[A-Z_]+)\b")


def _listed() -> set[str]:
    text = (REPO / "CONTRIBUTING.md").read_text()
    section = text.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z0-9_]+)` \|", section, flags=re.M))


def _read_in_code() -> dict[str, set[str]]:
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                            "*.py", "Makefile", "*.sh"], cwd=REPO, capture_output=True,
                           text=True, check=True).stdout.split()
    found: dict[str, set[str]] = {}
    for name in files:
        path = REPO / name
        if path.is_file():
            for variable in NAME.findall(path.read_text(errors="replace")):
                found.setdefault(variable, set()).add(name)
    return found


def test_every_variable_the_code_reads_is_listed():
    listed, read = _listed(), _read_in_code()
    missing = {v: sorted(files) for v, files in read.items() if v not in listed}
    assert not missing, f"list these in CONTRIBUTING.md's 'Environment variables': {missing}"


def test_every_listed_variable_is_read_somewhere():
    listed, read = _listed(), _read_in_code()
    stale = sorted(v for v in listed if NAME.fullmatch(v) and v not in read)
    assert not stale, f"CONTRIBUTING.md lists variables no code reads: {stale}"
    assert {"PIXELS_TO_GPT_DATA", "P2G_LIMITS", "CI", "OMP_NUM_THREADS"} <= listed
