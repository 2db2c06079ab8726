"""One chapter, one name: the table "Each chapter's parts" of CONTRIBUTING.md lists everything
a chapter consists of, under one slug, and the repository agrees with it."""

from __future__ import annotations

import fnmatch
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from course_tree import REPO

from pixels_to_gpt.translations import LANGUAGES

SECTION = "## Each chapter's parts"
COLUMNS = ("chapter", "slug", "page", "exercise", "solution", "hidden tests", "catalogue",
           "outside checks", "package modules", "tests", "translations")
# folders whose files are listed by the folder itself
FOLDER_COLUMNS = ("exercise", "solution", "catalogue")


def _table() -> list[dict[str, list[str]]]:
    """The rows of the table: column -> the inline-code paths (or words) of its cell."""
    text = (REPO / "CONTRIBUTING.md").read_text()
    assert SECTION in text, f"CONTRIBUTING.md has no section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    lines = [line.strip() for line in section.splitlines() if line.strip().startswith("|")]
    assert len(lines) > 2, f"no table under {SECTION!r}"

    def cells(line: str) -> list[str]:
        return [cell.strip() for cell in line.strip("|").split("|")]

    assert tuple(cells(lines[0])) == COLUMNS, f"the table's columns: {cells(lines[0])}"
    assert set(lines[1]) <= set("|-: "), "the second line of the table separates its header"
    rows = []
    for line in lines[2:]:
        row = cells(line)
        assert len(row) == len(COLUMNS), f"a row of {len(row)} cells: {line}"
        rows.append({column: re.findall(r"`([^`]+)`", cell) or [cell]
                     for column, cell in zip(COLUMNS, row, strict=True)})
    return rows


def _toc_chapters() -> list[str]:
    """The chapters (book/chNN_*) of _toc.yml, as docnames, and with their sections."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    return [entry for part in toc["parts"] for entry in part["chapters"]
            if re.fullmatch(r"book/ch\d\d_\w+", entry["file"])]


ROWS = _table()
BY_SLUG = {row["slug"][0]: row for row in ROWS}


def test_every_chapter_of_the_table_of_contents_has_exactly_one_row():
    chapters = [Path(entry["file"]).name for entry in _toc_chapters()]
    slugs = [row["slug"][0] for row in ROWS]
    assert len(chapters) == 9, f"the course has nine chapters, _toc.yml lists {chapters}"
    for chapter in chapters:
        assert slugs.count(chapter) == 1, f"{chapter}: {slugs.count(chapter)} rows, not one"
    assert sorted(slugs) == sorted(chapters), f"rows for no chapter of _toc.yml: {slugs}"
    assert [row["chapter"] for row in ROWS] == [[str(n)] for n in range(1, 10)]


@pytest.mark.parametrize("row", ROWS, ids=[row["slug"][0] for row in ROWS])
def test_the_slug_names_every_part(row):
    slug = row["slug"][0]
    number = int(row["chapter"][0])
    assert re.fullmatch(rf"ch{number:02d}_[a-z0-9_]+", slug), f"{slug}: not chNN_<name>"
    expected = {
        "page": f"book/{slug}.ipynb",
        "exercise": f"exercises/{slug}/",
        "solution": f"solutions/{slug}/",
        "hidden tests": f"hidden_tests/{slug}.py",
        "catalogue": f"tests/catalogue/{slug}/",
        "outside checks": f"grader/pixels_to_gpt_grader/checks/{slug}.py",
        "translations": f"book/locales/*/LC_MESSAGES/book/{slug}.po",
    }
    helpers = f"pixels_to_gpt/grading/{slug}.py"  # what the hidden tests' cells share
    if row["hidden tests"][1:] == [helpers]:
        row = {**row, "hidden tests": row["hidden tests"][:1]}
    translations = f"book/locales/*/LC_MESSAGES/exercises/{slug}/"  # the exercise's too
    if row["translations"][1:] == [translations]:
        row = {**row, "translations": row["translations"][:1]}
    for column, path in expected.items():
        assert row[column] == [path], f"{slug}, {column}: {row[column]}, not {path}"
    assert Path(row["page"][0]).stem == slug
    for column in FOLDER_COLUMNS:
        assert Path(row[column][0]).name == slug
    # the exercise under the chapter in _toc.yml is the one in the row's folder
    entry = next(e for e in _toc_chapters() if e["file"] == f"book/{slug}")
    sections = [s["file"] for s in entry.get("sections", [])]
    assert sections and all(s.startswith(f"exercises/{slug}/") for s in sections), sections
    assert all(p.startswith("tests/test_") and p.endswith(".py") for p in row["tests"])
    assert row["package modules"], f"{slug}: no package modules"


@pytest.mark.parametrize("row", ROWS, ids=[row["slug"][0] for row in ROWS])
def test_every_listed_path_exists(row):
    missing = []
    for column in COLUMNS[2:]:
        for path in row[column]:
            if "*" in path:  # one per language
                found = [p for p in REPO.glob(path.rstrip("/"))
                         if (p.is_dir() if path.endswith("/") else p.is_file())]
                if len(found) != len(LANGUAGES):
                    missing.append(f"{column}: {path} ({len(found)} of {len(LANGUAGES)})")
                continue
            target = REPO / path
            if not (target.is_dir() if path.endswith("/") else target.is_file()):
                missing.append(f"{column}: {path}")
    assert not missing, f"{row['slug'][0]}: listed but not in the repository:\n" + "\n".join(
        missing)
    for column in FOLDER_COLUMNS:  # a folder that holds something
        assert any((REPO / row[column][0]).iterdir()), f"{row[column][0]} is empty"


def _repository_files() -> list[str]:
    """The repository's files: tracked, and untracked but not ignored (still on disk)."""
    result = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, text=True, check=True)
    return sorted({f for f in result.stdout.splitlines() if (REPO / f).is_file()})


def test_every_file_named_after_a_chapter_is_in_its_row():
    files = _repository_files()
    assert "CONTRIBUTING.md" in files
    unlisted = []
    for slug, row in BY_SLUG.items():
        listed = {path for column in COLUMNS[2:] for path in row[column]}
        folders = tuple(p for p in listed if p.endswith("/"))
        patterns = tuple(p + ("*" if p.endswith("/") else "") for p in listed if "*" in p)
        for file in files:
            if slug in file and file not in listed and not file.startswith(folders) \
                    and not any(fnmatch.fnmatch(file, pattern) for pattern in patterns):
                unlisted.append(f"{slug}: {file}")
    assert not unlisted, ("files named after a chapter but missing from its row in "
                          "CONTRIBUTING.md:\n" + "\n".join(unlisted))
