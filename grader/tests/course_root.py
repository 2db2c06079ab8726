"""The course these tests grade: the repository around grader/ (its solutions/, exercises/
and catalogues), and the offline data mirror beside its checkout."""

from pathlib import Path

from pixels_to_gpt.data import mirror_beside_checkout

REPO = Path(__file__).resolve().parents[2]
MIRROR = mirror_beside_checkout()


def assignments() -> list[str]:
    """The course's assignments: the folders of solutions/."""
    return sorted(p.name for p in (REPO / "solutions").iterdir() if p.is_dir())
