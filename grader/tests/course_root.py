"""The course these tests grade: the repository around grader/ (its solutions/, exercises/
and catalogues), the offline data mirror beside its checkout, and the skip for tests that
need the sandbox."""

import os
from pathlib import Path

import pytest

from pixels_to_gpt.data import mirror_beside_checkout
from pixels_to_gpt_grader.sandbox import bwrap_path

REPO = Path(__file__).resolve().parents[2]
MIRROR = mirror_beside_checkout()


def assignments() -> list[str]:
    """The course's assignments: the folders of solutions/."""
    return sorted(p.name for p in (REPO / "solutions").iterdir() if p.is_dir())


def needs_bwrap() -> None:
    """Skip where bubblewrap is missing, except in CI, where it must be installed."""
    if bwrap_path() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install bubblewrap (apt-get install -y bubblewrap)")
        pytest.skip("bubblewrap is not installed or cannot create namespaces here")
