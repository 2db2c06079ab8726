"""Collecting submissions as platforms deliver them (`pixels_to_gpt_grader.intake`), and
the report's defences against what students put in names: no nbgrader run, seconds.

Every layout an instructor may download (nbgrader, Canvas, Moodle, flat, zips of zips), the
duplicates one student leaves (an early and a late file, an `old/` copy, a folder and a flat
file), unsafe zips and files, and hostile student ids.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import stat
import threading
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from course_root import REPO

from pixels_to_gpt_grader import intake as intake_module
from pixels_to_gpt_grader.course import nbgrader_meta
from pixels_to_gpt_grader.grader import CourseInfo, _row
from pixels_to_gpt_grader.intake import (
    BadId,
    FlatNotebook,
    GradingRunError,
    collect,
    find_submissions,
    prepare,
    settle_ids,
    student_id,
)
from pixels_to_gpt_grader.report import write_report

ASSIGNMENT = "ch07_sampling"
RELEASE = REPO / "exercises" / ASSIGNMENT / "sampling.ipynb"


def _course(tmp_path):
    return CourseInfo(tmp_path, ASSIGNMENT, "solutions", "exercises", ["sampling"],
                      {"sampling": {}}, assignments=["ch06_training", ASSIGNMENT])


@pytest.fixture
def course(tmp_path):
    """A course directory with the assignment's source and release (for `prepare`)."""
    root = tmp_path / "course"
    for kind in ("solutions", "exercises"):
        shutil.copytree(REPO / kind / ASSIGNMENT, root / kind / ASSIGNMENT)
    return CourseInfo(root, ASSIGNMENT, "solutions", "exercises", ["sampling"],
                      {"sampling": {"test_softmax": 3.0}},
                      assignments=["ch06_training", ASSIGNMENT])


def version(marker: str) -> str:
    """The release notebook, its softmax answer marked with `marker`, as JSON text."""
    nb = nbformat.read(RELEASE, as_version=4)
    for c in nb.cells:
        if nbgrader_meta(c).get("grade_id") == "softmax":
            c.source = f"# {marker}\n{c.source}"
    return nbformat.writes(nb)


def graded_version(folder: Path) -> str:
    text = (folder / "sampling.ipynb").read_text()
    found = [m for m in ("EARLY", "LATE", "NEW", "OLD", "TOP", "DEEP", "ZIP", "FOLDER", "FLAT")
             if f"# {m}\\n" in text]
    assert len(found) == 1, found
    return found[0]


def write(path: Path, text: str, mtime: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def zip_of(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def prepared(course, subs, tmp_path, student):
    collection = collect(subs, course)
    collection.commit()
    intake = prepare(student, collection.handins[student], course, tmp_path / "work")
    return intake


# --------------------------------------------------------------------------- layouts
def test_submissions_are_found_in_every_layout(tmp_path):
    subs = tmp_path / "in"
    (subs / "ann" / "ch07_sampling").mkdir(parents=True)
    (subs / "ann" / "ch07_sampling" / "sampling.ipynb").write_text("{}")
    (subs / "ann" / "ch07_sampling" / "timestamp.txt").write_text("2026-01-01 10:00:00")
    (subs / "ann" / "ch06_training").mkdir()  # another assignment: not this one's
    (subs / "ann" / "ch06_training" / "training.ipynb").write_text("{}")
    (subs / "ben").mkdir()
    (subs / "ben" / "my copy.ipynb").write_text("{}")
    (subs / "cai.ipynb").write_text("{}")
    (subs / "dora_late_1234_5678_sampling-1.ipynb").write_text("{}")
    (subs / "emil_LATE_4321_8765_sampling.ipynb").write_text("{}")
    (subs / "Jane Smith_551_assignsubmission_file_").mkdir()
    (subs / "Jane Smith_551_assignsubmission_file_" / "sampling.ipynb").write_text("{}")
    (subs / "Li Wei_552_assignsubmission_file_sampling.ipynb").write_text("{}")
    (subs / ".ipynb_checkpoints").mkdir()
    (subs / ".DS_Store").write_text("junk")
    found = find_submissions(subs, _course(tmp_path))
    assert sorted(found) == ["Jane Smith", "Li Wei", "ann", "ben", "cai", "dora", "emil"]
    assert sorted(p.name for p in found["ann"]) == ["sampling.ipynb", "timestamp.txt"]
    assert [p.name for p in found["ben"]] == ["my copy.ipynb"]
    assert isinstance(found["dora"][0], FlatNotebook)
    handins = collect(subs, _course(tmp_path)).handins
    assert [(h.platform_id, h.late) for h in handins["dora"]] == [("1234", True)]
    assert [(h.platform_id, h.late) for h in handins["emil"]] == [("4321", True)]
    assert handins["Jane Smith"][0].platform_id == "551"
    assert handins["Li Wei"][0].platform_id == "552"
    assert handins["ann"][0].submitted_at.hour == 10


def test_an_lms_zip_is_extracted_like_zip_collect(tmp_path):
    archive = zip_of(tmp_path / "download.zip", {"eve_4321_8765_sampling.ipynb": "{}",
                                                 "fay_1_2_sampling.ipynb": "{}"})
    found = find_submissions(archive, _course(tmp_path))
    assert sorted(found) == ["eve", "fay"]
    assert (tmp_path / "downloaded" / "ch07_sampling" / "extracted").is_dir()


def test_per_student_zips_are_named_like_the_files_they_replace(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("ch07_sampling/sampling.ipynb", "{}")
    folder_zip = io.BytesIO()
    with zipfile.ZipFile(folder_zip, "w") as zf:
        zf.writestr("work/sampling.ipynb", "{}")
        zf.writestr("work/data.csv", "1,2")
    archive = zip_of(tmp_path / "class.zip", {
        "smithjane_late_12345_67890_submission.zip": inner.getvalue(),
        "Ann Lee_77_assignsubmission_file_ann.zip": folder_zip.getvalue(),
        "Bo Chen_78_assignsubmission_file_/bo.zip": inner.getvalue(),
        "carl.zip": inner.getvalue(),
        "__MACOSX/._carl.zip": b"resource fork",
    })
    handins = collect(archive, _course(tmp_path)).handins
    assert sorted(handins) == ["Ann Lee", "Bo Chen", "carl", "smithjane"]
    jane = handins["smithjane"][0]
    assert (jane.platform_id, jane.late) == ("12345", True)
    assert [c.name for c in jane.files] == ["sampling.ipynb"]
    assert sorted(c.name for c in handins["Ann Lee"][0].files) == ["data.csv", "sampling.ipynb"]
    assert handins["Ann Lee"][0].platform_id == "77"
    assert [c.name for c in handins["Bo Chen"][0].files] == ["sampling.ipynb"]


def test_zips_nested_too_deep_are_not_unpacked(tmp_path):
    data = b""
    for level in range(4):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr(f"level{level}.ipynb", "{}")
            if data:
                zf.writestr(f"inner{level}.zip", data)
        data = buffer.getvalue()
    archive = zip_of(tmp_path / "class.zip", {"ann.zip": data})
    handin = collect(archive, _course(tmp_path)).handins["ann"][0]
    names = sorted(c.name for c in handin.files)
    assert names == ["level2.ipynb", "level3.ipynb"], names  # class zip, ann.zip, inner3.zip
    assert any("ann.zip:inner3.zip:inner2.zip (zips nested more than 3 deep)" in n
               for n in handin.notes), handin.notes


# --------------------------------------------------------------------------- zip safety
def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("sampling.ipynb", "w") as f:
            for _ in range(300):
                f.write(bytes(2**20))
    return path


def _small_bombs(path: Path) -> Path:
    """Twenty members of 900 KB of zeros: each too small to check alone, 18 MB in all."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(20):
            zf.writestr(f"s{i}.ipynb", bytes(900 * 2**10))
    return path


def _symlink_zip(path: Path) -> Path:
    info = zipfile.ZipInfo("sampling.ipynb")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ann.ipynb", "{}")
        zf.writestr(info, "/etc/passwd")
    return path


def _many(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(10_001):
            zf.writestr(f"s{i}.ipynb", "")
    return path


@pytest.mark.parametrize("make,reason", [
    (lambda p: zip_of(p, {"ann.ipynb": "{}", "../escape.ipynb": "{}"}), "leads out of it"),
    (lambda p: zip_of(p, {"ann.ipynb": "{}", "/tmp/escape.ipynb": "{}"}), "absolute path"),
    (_symlink_zip, "symbolic link"),
    (_many, "more than 10000 files"),
    (_bomb, "compressed more than 200 times"),
    (_small_bombs, "compressed more than 200 times"),
])
def test_an_unsafe_zip_is_refused_before_anything_is_unpacked(tmp_path, make, reason):
    archive = make(tmp_path / "download.zip")
    if make is _bomb:
        assert archive.stat().st_size < 400_000
    with pytest.raises(GradingRunError, match=reason) as error:
        collect(archive, _course(tmp_path))
    assert "download.zip" in str(error.value) and "nothing was unpacked" in str(error.value)
    assert not (tmp_path / "downloaded").exists()
    assert not (tmp_path / "escape.ipynb").exists() and not Path("/tmp/escape.ipynb").exists()


def test_a_zip_over_the_size_bound_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(intake_module, "MAX_TOTAL_BYTES", 2**20)
    archive = zip_of(tmp_path / "download.zip", {"ann.ipynb": os.urandom(2 * 2**20)})
    with pytest.raises(GradingRunError, match="over the limit of 1 MB"):
        collect(archive, _course(tmp_path))
    assert not (tmp_path / "downloaded").exists()


def test_an_unsafe_zip_of_one_student_costs_only_that_student(course, tmp_path):
    bad = io.BytesIO()
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../../escape.ipynb", "{}")
    archive = zip_of(tmp_path / "class.zip", {"ann.zip": bad.getvalue(),
                                              "bob.ipynb": version("NEW")})
    collection = collect(archive, course)
    collection.commit()
    assert sorted(collection.handins) == ["ann", "bob"]
    ann = prepare("ann", collection.handins["ann"], course, tmp_path / "work")
    assert ann.status == "missing"
    assert any("refused ann.zip: it holds a path that leads out of it" in p
               for p in ann.problems), ann.problems
    bob = prepare("bob", collection.handins["bob"], course, tmp_path / "work")
    assert bob.status == "ready" and graded_version(bob.folder) == "NEW"
    assert not list(tmp_path.rglob("escape.ipynb"))


def test_each_run_unpacks_into_a_fresh_folder_and_keeps_one_copy(tmp_path):
    course = _course(tmp_path)
    first = zip_of(tmp_path / "one.zip", {"ann.ipynb": "{}"})
    second = zip_of(tmp_path / "two.zip", {"bob.ipynb": "{}"})
    find_submissions(first, course)
    found = find_submissions(second, course)
    area = tmp_path / "downloaded" / "ch07_sampling"
    assert sorted(found) == ["bob"]
    assert sorted(p.name for p in (area / "extracted").iterdir()) == ["bob.ipynb"]
    assert sorted(p.name for p in (tmp_path / "downloaded").iterdir()) == ["ch07_sampling"]
    assert found["bob"][0].is_file() and area in found["bob"][0].parents


# --------------------------------------------------------------- links and special files
def test_links_and_special_files_are_skipped_never_followed(tmp_path):
    secret = write(tmp_path / "secret" / "solutions.ipynb", "SECRET")
    subs = tmp_path / "in"
    write(subs / "ann" / "notes.txt", "mine")
    (subs / "ann" / "sampling.ipynb").symlink_to(secret)
    (subs / "bob").symlink_to(secret.parent, target_is_directory=True)
    write(subs / "carl" / "sampling.ipynb", "{}")
    os.mkfifo(subs / "carl" / "data.csv")
    os.mkfifo(subs / "dora.ipynb")
    result = {}
    thread = threading.Thread(target=lambda: result.update(c=collect(subs, _course(tmp_path))),
                              daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert "c" in result, "collecting blocked on a FIFO"
    collection = result["c"]
    assert sorted(collection.handins) == ["ann", "carl"]
    ann = collection.handins["ann"][0]
    assert [c.name for c in ann.files] == ["notes.txt"]
    assert any("ann/sampling.ipynb: a symbolic link (not followed)" in n for n in ann.notes)
    assert any("carl/data.csv: a special file" in n for n in collection.handins["carl"][0].notes)
    assert any("bob: a symbolic link" in n for n in collection.notes)
    assert any("dora.ipynb: a special file" in n for n in collection.notes)
    everything = [c.path for hs in collection.handins.values() for h in hs for c in h.files]
    assert all("SECRET" not in p.read_text() for p in everything)


# ---------------------------------------------------------------------------- duplicates
def test_the_late_file_wins_over_an_early_one_whatever_their_dates(course, tmp_path):
    subs = tmp_path / "in"
    now = time.time()
    write(subs / "smithjane_12345_67890_sampling.ipynb", version("EARLY"), now)
    write(subs / "smithjane_LATE_12345_67891_sampling-1.ipynb", version("LATE"), now - 3600)
    intake = prepared(course, subs, tmp_path, "smithjane")
    assert graded_version(intake.folder) == "LATE" and intake.platform_id == "12345"
    assert ("also handed in: smithjane_12345_67890_sampling.ipynb, not graded (the graded one "
            "is marked late, so it came after); graded: smithjane_LATE_12345_67891_sampling-1"
            ".ipynb") in intake.problems


def test_the_platform_timestamp_decides_before_file_dates(course, tmp_path):
    subs = tmp_path / "in"
    now = time.time()
    write(subs / "ann" / "ch07_sampling" / "sampling.ipynb", version("FOLDER"), now)
    write(subs / "ann" / "ch07_sampling" / "timestamp.txt", "2026-03-01 10:00:00.000000 UTC")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr(zipfile.ZipInfo("ch07_sampling/sampling.ipynb", (2020, 1, 1, 0, 0, 0)),
                    version("ZIP"))
        zf.writestr("ch07_sampling/timestamp.txt", "2026-03-01 11:00:00.000000 UTC")
    (subs / "ann.zip").write_bytes(inner.getvalue())
    intake = prepared(course, subs, tmp_path, "ann")
    assert graded_version(intake.folder) == "ZIP"
    assert any(p.startswith("also handed in: ann/ch07_sampling/sampling.ipynb, not graded "
                            "(handed in earlier (2026-03-01 10:00:00))") for p in intake.problems)
    assert (intake.folder / "timestamp.txt").read_text().startswith("2026-03-01 11:00")


def test_a_folder_and_a_flat_file_the_newer_is_graded_the_other_named(course, tmp_path):
    subs = tmp_path / "in"
    now = time.time()
    write(subs / "ann" / "sampling.ipynb", version("FOLDER"), now - 60)
    write(subs / "ann.ipynb", version("FLAT"), now)
    intake = prepared(course, subs, tmp_path, "ann")
    assert graded_version(intake.folder) == "FLAT"
    assert any(p.startswith("also handed in: ann/sampling.ipynb, not graded (an older file")
               for p in intake.problems), intake.problems
    write(subs / "ann" / "sampling.ipynb", version("FOLDER"), now + 60)
    intake = prepared(course, subs, tmp_path, "ann")
    assert graded_version(intake.folder) == "FOLDER"
    assert any(p.startswith("also handed in: ann.ipynb, not graded") for p in intake.problems)


@pytest.mark.parametrize("folder", ["old", "backup", "Previous", "old_versions", "drafts"])
def test_a_copy_in_an_old_folder_never_wins(course, tmp_path, folder):
    subs = tmp_path / "in"
    now = time.time()
    write(subs / "ann" / "sampling.ipynb", version("TOP"), now - 3600)
    write(subs / "ann" / folder / "sampling.ipynb", version("OLD"), now)
    intake = prepared(course, subs, tmp_path, "ann")
    assert graded_version(intake.folder) == "TOP"
    assert (f"also handed in: ann/{folder}/sampling.ipynb, not graded (it is in a folder "
            f"named '{folder}'); graded: ann/sampling.ipynb") in intake.problems


def test_a_renamed_notebook_on_top_wins_over_the_right_name_in_backup(course, tmp_path):
    subs = tmp_path / "in"
    write(subs / "ann" / "final answers.ipynb", version("TOP"))
    write(subs / "ann" / "backup" / "sampling.ipynb", version("OLD"))
    intake = prepared(course, subs, tmp_path, "ann")
    assert graded_version(intake.folder) == "TOP"
    assert "notebook handed in as 'final answers.ipynb', graded as sampling.ipynb" in (
        intake.problems)
    assert any("ann/backup/sampling.ipynb, not graded (it is in a folder named 'backup')"
               in p for p in intake.problems), intake.problems


def test_with_equal_dates_the_notebook_nearer_the_top_wins(course, tmp_path):
    subs = tmp_path / "in"
    write(subs / "ann" / "sampling.ipynb", version("TOP"), 1_700_000_000)
    write(subs / "ann" / "work" / "sampling.ipynb", version("DEEP"), 1_700_000_000)
    intake = prepared(course, subs, tmp_path, "ann")
    assert graded_version(intake.folder) == "TOP"
    assert any("ann/work/sampling.ipynb, not graded (it is in a subfolder)" in p
               for p in intake.problems)


def test_a_notebook_only_in_an_old_folder_is_still_graded(course, tmp_path):
    subs = tmp_path / "in"
    write(subs / "ann" / "old" / "sampling.ipynb", version("OLD"))
    intake = prepared(course, subs, tmp_path, "ann")
    assert intake.status == "ready" and graded_version(intake.folder) == "OLD"


# ------------------------------------------------------------------------------- ids
@pytest.mark.parametrize("raw", ["ann\n- **zoe** (graded)", "ann\tb", "ann\x00", "ann\r",
                                 "ann\u2028x", "\u202eann", "", "  ", ".", "..", "a/b",
                                 "a\\b", "a*", "a?b", "[ab]", "x" * 201])
def test_ids_that_could_forge_or_escape_are_refused(raw):
    with pytest.raises(BadId):
        student_id(raw)


def test_ids_are_normalised_so_that_one_person_is_one_id():
    assert student_id("  Zoe\u0308 ") == "Zo\u00eb" == student_id("Zo\u00eb")
    assert student_id("=HYPERLINK(1)") == "=HYPERLINK(1)"  # escaped in the CSV instead
    assert student_id("Jane Smith") == "Jane Smith"


def test_a_refused_id_costs_only_its_submission(tmp_path):
    subs = tmp_path / "in"
    write(subs / "ann\n- **zoe** (graded)" / "sampling.ipynb", "{}")
    write(subs / "bob.ipynb", "{}")
    write(subs / "Zoe\u0308" / "sampling.ipynb", "{}")  # as macOS spells it
    write(subs / "Zo\u00eb.ipynb", "{}")
    collection = collect(subs, _course(tmp_path))
    assert sorted(collection.handins) == ["Zo\u00eb", "bob"]
    assert len(collection.handins["Zo\u00eb"]) == 2  # one person, two hand-ins
    assert len(collection.refused) == 1
    refused = collection.refused[0]
    assert "\n" not in refused and "ann\\n- **zoe** (graded)" in refused
    assert "control characters ('\\n')" in refused


def test_two_people_with_one_name_stay_two(tmp_path):
    subs = tmp_path / "in"
    write(subs / "Jane Smith_101_assignsubmission_file_" / "sampling.ipynb", "{}")
    write(subs / "Jane Smith_202_assignsubmission_file_sampling.ipynb", "{}")
    collection = collect(subs, _course(tmp_path))
    settle_ids(collection, {"Jane Smith": "202"})
    assert sorted(collection.handins) == ["Jane Smith", "Jane Smith_101"]
    assert collection.handins["Jane Smith"][0].platform_id == "202"
    assert any("another student is also named Jane Smith" in n
               for n in collection.handins["Jane Smith_101"][0].notes)


# ------------------------------------------------------------------- report and CSV
def _course_points():
    return CourseInfo(Path("/nonexistent"), ASSIGNMENT, "solutions", "exercises",
                      ["sampling"], {"sampling": {"test_softmax": 3.0}})


def _result(student, problems=(), flags=None, platform_id=""):
    result = {"student": student, "graded": True, "problems": list(problems),
              "notebooks": {"sampling": {"test_softmax": {"auto_score": 3.0}}},
              "intake": {"problems": [], "findings": [], "status": "ready",
                         "platform_id": platform_id}}
    if flags is not None:
        result["flags"] = flags
    return result


HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx",
           "a|b", "x*y_z", "`code`", "<script>alert(1)</script>", "[link](http://evil)"]


def test_no_id_or_problem_can_forge_a_csv_formula_or_a_report_line(tmp_path):
    course = _course_points()
    rows = [_row(course, _result(student, problems=[
        "line\n## Forged heading\n- **alice** (graded)", "cell | forged | 14/14 |",
        "<img src=x onerror=alert(1)>", "[click](http://evil)", "=1+1"],
        platform_id="=2+2")) for student in HOSTILE]
    write_report(tmp_path, ASSIGNMENT, course.points, rows)
    with open(tmp_path / "grades.csv", newline="") as f:
        table = list(csv.reader(f))
    header = table[0]
    for line in table[1:]:
        for name in ("student", "problems", "platform_id"):
            cell = line[header.index(name)]
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    students = [line[0] for line in table[1:]]
    assert sorted(students) == sorted(
        ("'" + s if s[0] in "=+-@\t\r" else s) for s in HOSTILE)
    report = (tmp_path / "report.md").read_text()
    lines = report.splitlines()
    assert not any(ln.startswith("## Forged") for ln in lines)
    assert sum(ln.startswith("- **") for ln in lines) == len(HOSTILE)  # one item per student
    for unsafe in ("<", "[", "`"):  # no HTML, no link, no code span: all escaped
        assert not re.search(r"(?<!\\)" + re.escape(unsafe), report.split("## Questions")[0]
                             .replace("`grades.csv`", "").replace("![histogram", "")), unsafe
    table_lines = lines[lines.index("## Students") + 4:]
    assert len(table_lines) == len(HOSTILE)
    for ln in table_lines:  # four cell borders, whatever the id holds
        unescaped = sum(1 for i, ch in enumerate(ln) if ch == "|" and ln[i - 1:i] != "\\")
        assert unescaped == 4, ln
    assert "| x\\*y\\_z |" in report and "a\\|b" in report


def test_flags_from_the_worker_count_like_findings():
    course = _course_points()
    flagged = _row(course, _result("ann", flags=[
        "tampering: the kernel reported a pass for test_softmax that the grader's own check "
        "refutes"]))
    assert flagged["status"] == "check" and flagged["score"] == 3.0
    assert _row(course, _result("bob"))["status"] == "graded"  # no `flags` key at all
    assert _row(course, _result("cai", flags=[]))["status"] == "graded"


def test_flags_are_listed_under_look_at_these(tmp_path):
    course = _course_points()
    rows = [_row(course, _result("ann", flags=["tampering: test_softmax refuted"])),
            _row(course, _result("bob"))]
    write_report(tmp_path, ASSIGNMENT, course.points, rows)
    report = (tmp_path / "report.md").read_text()
    section = report.split("## Graded, but look at these")[1].split("##")[0]
    assert "**ann** (3/3): flagged: tampering: test\\_softmax refuted" in section
    assert "bob" not in section
    with open(tmp_path / "grades.csv", newline="") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    assert rows["ann"]["status"] == "check"
    assert "tampering: test_softmax refuted" in rows["ann"]["suspicious_code"]
