"""Collecting submissions as learning platforms deliver them: from a folder or a zip to one
prepared folder per student, made from the newest of that student's hand-ins.

A folder or a zip (which may hold per-student zips, up to `MAX_DEPTH` zips deep) in any of
these layouts, mixed:

- `submitted/<student>/<assignment>/*` (nbgrader), `<student>/*`, `<student>.ipynb`,
  `<student>.zip`: the student is the name;
- `<login>_[late_]<user id>_<submission id>_<file>` (Canvas): the login, and the Canvas user
  id as the platform id;
- `<Full Name>_<participant id>_assignsubmission_file_/` (Moodle, a folder of files), or
  that prefix before each file's name: the full name, and the participant id.

`__MACOSX/`, `.DS_Store`, `.ipynb_checkpoints` and other dot files are ignored; symbolic
links and special files (FIFOs, devices) are skipped with a note and never followed. A zip
is refused as a whole, before anything is unpacked, when it is too big, too compressed, has
too many members, or holds an absolute path, `..` or a symbolic link.

One student may have handed in several times (an early and a `late` Canvas file, a folder
and a flat file, an `old/` copy beside the notebook): the newest is graded, chosen by the
platform's timestamp (nbgrader's `timestamp.txt`), else the `late` marker, else the file's
date, else the one nearer the top; a notebook in a folder such as `old/` or `backup/` never
wins over one outside it. The others are named in the student's problems.

Student ids are normalised (Unicode NFC, surrounding spaces removed) so that one person is
one id, and refused when they could forge a line of the report or escape a folder (control
characters, `/`, `.`/`..`, nbgrader's file-pattern characters).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

import nbformat

from pixels_to_gpt_grader.course import nbgrader_meta
from pixels_to_gpt_grader.errors import GradingRunError
from pixels_to_gpt_grader.notebooks import compare_with_release, read_submission
from pixels_to_gpt_grader.scan import scan_notebook
from pixels_to_gpt_grader.similarity import answer_fingerprints

# Canvas download names: `smithjane_late_12345_67890_sampling-1.ipynb` (login, the `late`
# marker, the user id, the submission's file id, the file's own name).
LMS_NAME = (r"^(?P<student_id>[^_/]+?)(?P<late>_[Ll][Aa][Tt][Ee])?_(?P<platform_id>\d+)"
            r"(?:_\d+)*_(?P<file_id>[^/]+)$")
# Moodle's "download all submissions": `Jane Smith_123456_assignsubmission_file_` folders,
# or the same prefix before each file's name when not downloaded in folders.
MOODLE_NAME = re.compile(r"^(?P<student_id>.+?)_(?P<platform_id>\d+)_assign(?:submission|"
                         r"feedback)_[a-z]+_(?P<file_id>.*)$")
IGNORED = {".ipynb_checkpoints", "__pycache__", "__MACOSX", ".DS_Store", "Thumbs.db"}
# Folders whose notebooks are a student's earlier versions, whatever their dates say.
ARCHIVE_FOLDER = re.compile(r"^(?:old|older|backups?|bak|previous|prev|archived?|drafts?|"
                            r"earlier|superseded|unused|trash|deprecated|versions?|copies)"
                            r"(?![a-z])", re.IGNORECASE)
# Canvas adds `-1`, `-2` to a re-submitted file, browsers ` (1)` to a second download.
COPY_SUFFIX = re.compile(r"(?:-\d+|\s*\(\d+\))$")

MAX_TOTAL_BYTES = 512 * 2**20  # unpacked, over all zips of one run
MAX_RATIO = 200  # uncompressed / compressed, for an archive or a member above RATIO_FLOOR
RATIO_FLOOR = 2**20
MAX_MEMBERS = 10_000  # over all zips of one run
MAX_DEPTH = 3  # zips within zips: the class zip, a student's zip, one inside that
MAX_FILE_BYTES = 100 * 2**20  # a single handed-in file larger than this is skipped
# nbgrader reads a student id as a file pattern (CourseDirectory.student_id)
PATTERN_CHARS = set("*?[]")
BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class BadId(ValueError):
    """A name that cannot be a student id."""


class ArchiveRefused(ValueError):
    """A zip that is not unpacked, with the reason."""


def student_id(raw: str) -> str:
    """`raw` as a student id: NFC, without surrounding spaces; BadId if it cannot be one."""
    text = unicodedata.normalize("NFC", raw)
    bad = sorted({ch for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")
                  or ch in BIDI_CONTROLS})
    if bad:
        raise BadId("it contains control characters (" + ", ".join(ascii(c) for c in bad)
                    + "), which could forge lines of the report")
    text = text.strip()
    if not text:
        raise BadId("it is empty")
    if text in (".", "..") or "/" in text or "\\" in text:
        raise BadId("it is not usable as a folder name ('/', '\\', '.' or '..')")
    if PATTERN_CHARS & set(text):
        raise BadId("it contains *, ?, [ or ], which nbgrader reads as a file pattern")
    if len(text.encode()) > 200:
        raise BadId("it is longer than 200 bytes")
    return text


def shown(raw: str) -> str:
    """A name as it may be printed, whatever it holds (control characters escaped)."""
    return ascii(raw)[1:-1] if any(unicodedata.category(c)[0] == "C" for c in raw) else raw


# ------------------------------------------------------------------------------ hand-ins
@dataclass
class Handin:
    """One thing a student handed in: a folder, a flat file, a per-student zip."""

    student: str
    origin: str  # where it was in the download, for messages
    platform_id: str = ""
    late: bool = False
    platform: str = ""  # "canvas" or "moodle": whose id `platform_id` is
    submitted_at: datetime | None = None  # the platform's timestamp (timestamp.txt)
    files: list[Candidate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    """One file of a hand-in."""

    path: Path  # on disk (unpacked if it came from a zip)
    name: str  # the name it was handed in as (a platform's prefix removed)
    origin: str  # for messages: 'ann/old/sampling.ipynb'
    handin: Handin
    depth: int = 0  # folders between the hand-in's top and the file
    archived: str = ""  # the `old/`-like folder it lies in, if any
    student_named: bool = False  # a flat `<student>.ipynb`: its name says nothing
    mtime: float = 0.0


class FlatNotebook(type(Path())):
    """A notebook file whose name is the student's, not the notebook's."""


@dataclass
class Collection:
    """What a folder or zip of submissions holds, student by student."""

    source: Path
    handins: dict[str, list[Handin]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)  # submissions that cannot be graded
    notes: list[str] = field(default_factory=list)  # skipped files, for the report
    _stage: Path | None = None
    _area: Path | None = None
    _created: list[Path] = field(default_factory=list)

    def add(self, handin: Handin) -> None:
        self.handins.setdefault(handin.student, []).append(handin)

    def commit(self) -> None:
        """Keep what was unpacked, in place of an earlier run's copy (one copy only)."""
        if self._stage is None:
            return
        stage, area = self._stage, self._area
        source = self.source.resolve()
        moves = []
        subs = sorted(p.name for p in stage.iterdir())
        if "extracted" in subs and "nested" not in subs:  # a new download: no stale copy
            (stage / "nested").mkdir()
            subs.append("nested")
        for sub in subs:
            final = area / sub
            if final == source or final in source.parents:
                # the input itself lies there: leave it, and the new copy beside it
                final = area / f"{sub}-{os.getpid()}"
            moves.append((stage / sub, final))
        area.mkdir(parents=True, exist_ok=True)
        for new, final in moves:
            old = final.with_name(f".{final.name}.old-{os.getpid()}")
            if final.exists():
                final.rename(old)
            new.rename(final)
            shutil.rmtree(old, ignore_errors=True)
            self._rebase(new, final)
        shutil.rmtree(stage, ignore_errors=True)
        self._stage = None

    def _rebase(self, old: Path, new: Path) -> None:
        for handins in self.handins.values():
            for handin in handins:
                for c in handin.files:
                    if old == c.path or old in c.path.parents:
                        kind = type(c.path)
                        c.path = kind(new / c.path.relative_to(old))

    def discard(self) -> None:
        """Remove what was unpacked (a run that stops before grading changes nothing)."""
        if self._stage is not None:
            shutil.rmtree(self._stage, ignore_errors=True)
            self._stage = None
        for folder in reversed(self._created):
            try:
                folder.rmdir()
            except OSError:
                pass


class _Budget:
    def __init__(self) -> None:
        self.bytes = 0
        self.members = 0


def _ignored(name: str) -> bool:
    return name in IGNORED or name.startswith(".")


def parse_name(name: str, is_dir: bool, pattern: re.Pattern) -> tuple[str, str, bool, str]:
    """(student, platform id, late, the file's own name or '') from a download's name."""
    match = MOODLE_NAME.match(name)
    if match:
        return match["student_id"], match["platform_id"], False, match["file_id"]
    if not is_dir:
        match = pattern.match(name)
        if match:
            groups = match.groupdict()
            return (groups["student_id"], groups.get("platform_id") or "",
                    bool(groups.get("late")), groups.get("file_id") or "")
        return (name[: -len(Path(name).suffix)] if Path(name).suffix else name), "", False, ""
    return name, "", False, ""


def platform_of_name(name: str) -> str:
    """Whose ids a download's name `name` (one that holds an id) carries: "moodle" for
    Moodle's `_assignsubmission_` names, else "canvas" (Canvas's pattern, or the
    instructor's own `--named-regexp`)."""
    return "moodle" if MOODLE_NAME.match(name) else "canvas"


def platform_of(record: dict) -> str:
    """The platform of a result file's intake record (older ones did not keep it: it is
    read again from where the graded notebook was in the download)."""
    if record.get("platform") or not record.get("platform_id"):
        return record.get("platform", "")
    for part in PurePosixPath(record.get("handed_in") or "").parts:
        if MOODLE_NAME.match(part) or re.match(LMS_NAME, part):
            return platform_of_name(part)
    return ""


def _timestamp(path: Path) -> datetime | None:
    try:
        from nbgrader.utils import parse_utc

        return parse_utc(path.read_text(errors="replace").strip())
    except Exception:  # an unreadable timestamp is no timestamp
        return None


def collect(path: Path, course, named_regexp: str = LMS_NAME) -> Collection:
    """Every student's hand-ins in the folder or zip `path`; nothing is graded yet.

    A zip is unpacked into a fresh folder under `downloaded/<assignment>/` of the course,
    which replaces an earlier run's copy on `Collection.commit()`; `discard()` removes it.
    """
    path = Path(path)
    collection = Collection(source=path)
    if not os.path.lexists(path):
        raise GradingRunError(f"no such file or folder: {path}")
    pattern = re.compile(named_regexp)
    area = Path(course.root) / "downloaded" / course.assignment
    budget = _Budget()
    context = _Context(collection, course, pattern, budget, area)
    try:
        if path.is_file():
            if not zipfile.is_zipfile(path):
                raise GradingRunError(f"{path} is neither a folder nor a zip file")
            target = context.stage("extracted")
            try:
                _unpack(path, target, budget, path.name)
            except ArchiveRefused as error:
                raise GradingRunError(str(error)) from None
            context.scan_class(target, level=1)
        elif path.is_dir():
            context.scan_class(path, level=0)
        else:
            raise GradingRunError(f"{path} is neither a folder nor a zip file")
    except BaseException:
        collection.discard()
        raise
    return collection


class _Context:
    def __init__(self, collection: Collection, course, pattern, budget, area: Path) -> None:
        self.collection = collection
        self.course = course
        self.pattern = pattern
        self.budget = budget
        self.area = area
        self.count = 0
        self.others = set(getattr(course, "assignments", None) or []) - {course.assignment}

    def stage(self, name: str) -> Path:
        """A fresh folder for unpacking, beside `downloaded/<assignment>/` until commit."""
        c = self.collection
        if c._stage is None:
            downloaded = self.area.parent
            if not downloaded.exists():
                downloaded.mkdir(parents=True)
                c._created = [downloaded]
            c._stage = downloaded / f".{self.area.name}.new-{os.getpid()}"
            shutil.rmtree(c._stage, ignore_errors=True)
            c._stage.mkdir()
            c._area = self.area
        target = c._stage / name
        target.mkdir(parents=True, exist_ok=True)
        return target

    def note(self, text: str, handin: Handin | None = None) -> None:
        (handin.notes if handin else self.collection.notes).append(text)

    # ------------------------------------------------------------------ the class level
    def scan_class(self, folder: Path, level: int, prefix: str = "") -> None:
        entries = self._entries(folder)
        if "submitted" in entries and entries["submitted"][1] == "dir":
            return self.scan_class(folder / "submitted", level, prefix + "submitted/")
        # one wrapper folder around a platform's download (a zip of the download folder)
        if len(entries) == 1:
            (name, (entry, kind)), = entries.items()
            if kind == "dir" and not MOODLE_NAME.match(name) and any(
                    MOODLE_NAME.match(n) or self.pattern.match(n) or n == "submitted"
                    for n in self._entries(entry)):
                return self.scan_class(entry, level, f"{prefix}{name}/")
        for name, (entry, kind) in entries.items():
            origin = prefix + name
            if kind in ("link", "special"):
                what = "a symbolic link" if kind == "link" else "a special file"
                self.note(f"skipped {shown(origin)}: {what} (not followed)")
                continue
            raw, platform_id, late, own = parse_name(name, kind == "dir", self.pattern)
            try:
                student = student_id(raw)
            except BadId as error:
                self.collection.refused.append(
                    f"{shown(origin)}: not graded: the student id {ascii(raw)} is refused: "
                    f"{error}")
                continue
            handin = Handin(student, origin + ("/" if kind == "dir" else ""), platform_id,
                            late, platform=platform_of_name(name) if platform_id else "")
            if kind == "dir":
                inner = entry / self.course.assignment
                top = inner if inner.is_dir() and not inner.is_symlink() else entry
                skip_depth = 1 if top is inner else 0
                self._walk(top, handin, f"{origin}/" + (f"{inner.name}/" if skip_depth else ""),
                           level, depth=0, top_level=True)
            elif name.lower().endswith(".zip"):
                self._nested_zip(entry, handin, origin, level, depth=0)
            elif name.endswith(".ipynb"):
                self._file(entry, own or name, origin, handin, depth=0,
                           student_named=not own, flat=True)
            elif own:  # a platform-named data file
                self._file(entry, own, origin, handin, depth=0, flat=True)
            else:
                self.note(f"ignored {shown(origin)}: not a notebook, a zip or a folder, and "
                          "not named after a student by a platform")
                continue
            self.collection.add(handin)

    def _entries(self, folder: Path) -> dict[str, tuple[Path, str]]:
        out = {}
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return out
        for name in names:
            if _ignored(name) or name.startswith("._"):
                continue
            entry = folder / name
            try:
                mode = os.lstat(entry).st_mode
            except OSError:
                continue
            kind = ("link" if stat.S_ISLNK(mode) else "dir" if stat.S_ISDIR(mode)
                    else "file" if stat.S_ISREG(mode) else "special")
            out[name] = (entry, kind)
        return out

    # ---------------------------------------------------------------- inside a hand-in
    def _walk(self, folder: Path, handin: Handin, origin: str, level: int, depth: int,
              top_level: bool = False, archived: str = "") -> None:
        for name, (entry, kind) in self._entries(folder).items():
            where = origin + name
            if kind in ("link", "special"):
                what = "a symbolic link" if kind == "link" else "a special file"
                self.note(f"skipped {shown(where)}: {what} (not followed)", handin)
            elif kind == "dir":
                if top_level and name in self.others:
                    continue  # another assignment of the course
                self._walk(entry, handin, where + "/", level, depth + 1,
                           archived=archived or (name if ARCHIVE_FOLDER.match(name) else ""))
            elif name.lower().endswith(".zip"):
                stem = name[:-4]
                self._nested_zip(entry, handin, where, level, depth + 1, archived or (
                    stem if ARCHIVE_FOLDER.match(stem) else ""))
            else:
                self._file(entry, name, where, handin, depth, archived=archived)

    def _file(self, path: Path, name: str, origin: str, handin: Handin, depth: int,
              archived: str = "", student_named: bool = False, flat: bool = False) -> None:
        info = os.lstat(path)
        if info.st_size > MAX_FILE_BYTES:
            self.note(f"skipped {shown(origin)}: larger than {MAX_FILE_BYTES // 2**20} MB",
                      handin)
            return
        if name == "timestamp.txt" and depth == 0:
            handin.submitted_at = handin.submitted_at or _timestamp(path)
        kind = FlatNotebook if flat and name.endswith(".ipynb") else Path
        handin.files.append(Candidate(kind(path), name, origin, handin, depth, archived,
                                      student_named, info.st_mtime))

    def _nested_zip(self, archive: Path, handin: Handin, origin: str, level: int, depth: int,
                    archived: str = "") -> None:
        if level + 1 > MAX_DEPTH:
            self.note(f"not unpacked: {shown(origin)} (zips nested more than {MAX_DEPTH} "
                      "deep)", handin)
            return
        self.count += 1
        target = self.stage("nested") / f"{self.count:05d}"
        try:
            _unpack(archive, target, self.budget, origin)
        except ArchiveRefused as error:
            shutil.rmtree(target, ignore_errors=True)
            self.note(str(error), handin)
            return
        inside = ""
        for _ in range(2):  # a zip of the student's folder, or of `<assignment>/`
            entries = self._entries(target)
            if len(entries) != 1:
                break
            (name, (entry, kind)), = entries.items()
            if kind != "dir" or ARCHIVE_FOLDER.match(name):
                break
            target, inside = entry, f"{inside}{name}/"
        stamp = target / "timestamp.txt"
        if depth == 0 and stamp.is_file() and not stamp.is_symlink():
            handin.submitted_at = handin.submitted_at or _timestamp(stamp)
        self._walk(target, handin, f"{origin}:{inside}", level + 1, depth, archived=archived)


def _unpack(archive: Path, target: Path, budget: _Budget, label: str) -> None:
    """Unpack `archive` into `target` after checking it whole; ArchiveRefused otherwise."""
    def refuse(why: str):
        return ArchiveRefused(f"refused {shown(label)}: {why}; nothing was unpacked from it")

    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise refuse(f"not a readable zip file ({error})") from None
    with zf:
        members = zf.infolist()
        if budget.members + len(members) > MAX_MEMBERS:
            raise refuse(f"more than {MAX_MEMBERS} files")
        total = sum(m.file_size for m in members)
        if budget.bytes + total > MAX_TOTAL_BYTES:
            raise refuse(f"it would unpack to {total / 2**20:.0f} MB, over the limit of "
                         f"{MAX_TOTAL_BYTES // 2**20} MB")
        packed = sum(m.compress_size for m in members)
        if total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
            raise refuse(f"compressed more than {MAX_RATIO} times ({packed} bytes unpack to "
                         f"{total} bytes): a zip bomb?")
        plan = []
        for m in members:
            name = m.filename.replace("\\", "/")
            mode = m.external_attr >> 16
            parts = PurePosixPath(name).parts
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
                raise refuse(f"it holds an absolute path ({shown(name)})")
            if ".." in parts:
                raise refuse(f"it holds a path that leads out of it ({shown(name)})")
            if stat.S_ISLNK(mode):
                raise refuse(f"it holds a symbolic link ({shown(name)})")
            if mode and stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise refuse(f"it holds a special file ({shown(name)})")
            if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                raise refuse(f"{shown(name)} is compressed more than {MAX_RATIO} times: a "
                             "zip bomb?")
            if m.flag_bits & 0x1:
                raise refuse(f"{shown(name)} is encrypted")
            if (m.is_dir() or not parts or any(p in IGNORED for p in parts)
                    or parts[-1].startswith("._")):
                continue
            plan.append((m, parts))
        target.mkdir(parents=True, exist_ok=True)
        try:
            for m, parts in plan:
                out = target.joinpath(*parts)
                out.parent.mkdir(parents=True, exist_ok=True)
                written = 0
                with zf.open(m) as src, open(out, "xb") as dst:
                    while chunk := src.read(2**20):
                        written += len(chunk)
                        if written > m.file_size:
                            raise refuse(f"{shown(m.filename)} is larger than it says")
                        dst.write(chunk)
                budget.bytes += written
                try:
                    stamp = datetime(*m.date_time).timestamp()
                    os.utime(out, (stamp, stamp))
                except (ValueError, OSError, OverflowError):
                    pass
        except ArchiveRefused:
            shutil.rmtree(target, ignore_errors=True)
            raise
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError) as error:
            shutil.rmtree(target, ignore_errors=True)
            raise refuse(f"it cannot be unpacked ({error})") from None
        budget.members += len(members)


def find_submissions(path: Path, course, named_regexp: str = LMS_NAME) -> dict[str, list[Path]]:
    """student -> the files they handed in (all hand-ins), for any of the accepted layouts.

    A notebook in a flat folder is named after its student, so its own name says nothing:
    it is listed as `FlatNotebook`, which `prepare` takes as the notebook whatever its name.
    """
    collection = collect(path, course, named_regexp)
    collection.commit()
    return {student: [c.path for h in handins for c in h.files]
            for student, handins in collection.handins.items()}


# ------------------------------------------------------------- one id per person
def settle_ids(collection: Collection, known: dict[str, str] | None = None) -> None:
    """Two people behind one name (two Moodle participants called Jane Smith) stay two.

    Hand-ins of one id with different platform ids are different people: those whose
    platform id is not the one that id was graded as before (`known`: id -> platform id)
    get `<id>_<platform id>`.
    """
    known = known or {}
    for student in list(collection.handins):
        handins = collection.handins[student]
        ids = sorted({h.platform_id for h in handins if h.platform_id})
        earlier = known.get(student, "")
        if len(ids) <= 1 and (not earlier or not ids or ids == [earlier]):
            continue
        keep = earlier if earlier in ids else (ids[0] if not earlier else None)
        for handin in list(handins):
            if not handin.platform_id or handin.platform_id == keep:
                continue
            new = f"{student}_{handin.platform_id}"
            handins.remove(handin)
            handin.notes.append(f"another student is also named {student} (platform id "
                                f"{keep or earlier}): graded as {new}")
            handin.student = new
            collection.add(handin)
        if not handins:
            del collection.handins[student]


# ------------------------------------------------------------------------------ preparing
@dataclass
class Intake:
    """One student's submission as collected, before grading."""

    student: str
    folder: Path | None = None  # the prepared folder a worker grades
    problems: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    status: str = "ready"  # ready | missing | unreadable
    key: str = ""
    names: dict = field(default_factory=dict)  # handed-in file -> the name nbgrader expects
    platform_id: str = ""
    platform: str = ""  # "canvas", "moodle" or ""
    handed_in: str = ""  # where the graded notebook was in the download
    submitted_at: str | None = None  # the platform's timestamp, ISO
    files: list[Path] = field(default_factory=list)  # what is kept under submitted/
    answers: dict = field(default_factory=dict)  # grade_id -> fingerprint (similarity.py)

    def record(self) -> dict:
        """What a result file keeps of the intake, for the reports of later runs."""
        return {"problems": self.problems, "findings": self.findings, "status": self.status,
                "platform_id": self.platform_id, "platform": self.platform,
                "handed_in": self.handed_in, "submitted_at": self.submitted_at,
                "answers": self.answers}


def _base(name: str) -> str:
    stem = name[: -len(".ipynb")] if name.endswith(".ipynb") else name
    return COPY_SUFFIX.sub("", stem)


def newest_first(candidates: list[Candidate]) -> list[Candidate]:
    """Newest first: outside an `old/` folder, timestamp, late, file date, nearer the top."""
    use_stamps = all(c.handin.submitted_at for c in candidates)

    def key(c: Candidate):
        stamp = c.handin.submitted_at.timestamp() if use_stamps else 0.0
        return (not c.archived, stamp, c.handin.late, c.mtime, -c.depth, c.origin)

    return sorted(candidates, key=key, reverse=True)


def _why_older(winner: Candidate, other: Candidate, everyone: list[Candidate]) -> str:
    if other.archived and not winner.archived:
        return f"it is in a folder named {other.archived!r}"
    if all(c.handin.submitted_at for c in everyone) and (
            other.handin.submitted_at != winner.handin.submitted_at):
        return f"handed in earlier ({other.handin.submitted_at:%Y-%m-%d %H:%M:%S})"
    if winner.handin.late and not other.handin.late:
        return "the graded one is marked late, so it came after"
    if other.mtime != winner.mtime:
        return (f"an older file ({datetime.fromtimestamp(other.mtime):%Y-%m-%d %H:%M:%S} "
                f"against {datetime.fromtimestamp(winner.mtime):%Y-%m-%d %H:%M:%S})")
    if other.depth != winner.depth:
        return "it is in a subfolder"
    return "the two have the same date"


def _score(c: Candidate, ids: set) -> int:
    try:
        text = c.path.read_text(errors="replace")
    except OSError:
        return 0
    return sum(f'"grade_id": "{i}"' in text for i in ids)


def _pick(candidates: list[Candidate], name: str, release, single: bool
          ) -> tuple[Candidate | None, list[Candidate], str | None]:
    """The student's `name`.ipynb, the other files that could have been it, and a note.

    Notebooks in an `old/`-like folder count only where there is no other.
    """
    current = [c for c in candidates if not c.archived]
    winner, others, note = _pick_among(current, name, release, single)
    if winner is None:
        return _pick_among([c for c in candidates if c.archived], name, release, single)
    archived, _, _ = _pick_among([c for c in candidates if c.archived], name, release, single)
    if archived is not None:
        others.append(archived)
    return winner, others, note


def _pick_among(candidates: list[Candidate], name: str, release, single: bool
                ) -> tuple[Candidate | None, list[Candidate], str | None]:
    notebooks = [c for c in candidates if c.name.endswith(".ipynb")]
    exact = [c for c in notebooks if _base(c.name) == name or (single and c.student_named)]
    note = None
    group = exact
    if not exact:
        ids = {nbgrader_meta(c).get("grade_id") for c in release.cells} - {None}
        scores = {id(c): _score(c, ids) for c in notebooks}
        best = max(scores.values(), default=0)
        if best > 0:
            group = [c for c in notebooks if scores[id(c)] == best]
        elif len(notebooks) == 1:
            group = notebooks
    if not group:
        return None, [], None
    ordered = newest_first(group)
    winner = ordered[0]
    if not exact:
        note = f"notebook handed in as {winner.name!r}, graded as {name}.ipynb"
    return winner, ordered[1:], note


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def prepare(student: str, handins: list[Handin], course, work: Path) -> Intake:
    """Choose, read, repair and scan one student's files into `work/<student>/`."""
    intake = Intake(student)
    target = work / student
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for handin in handins:
        intake.problems += handin.notes
    candidates = [c for h in handins for c in h.files]
    digest = hashlib.sha256(course.source_digest().encode())
    chosen: list[Candidate] = []
    single = len(course.notebooks) == 1
    for name in course.notebooks:
        release = nbformat.read(Path(course.root) / course.release_dir / course.assignment
                                / f"{name}.ipynb", as_version=4)
        winner, others, note = _pick(candidates, name, release, single)
        if winner is None:
            found = ", ".join(sorted({c.name for c in candidates}))
            intake.problems.append(f"missing: no {name}.ipynb in the submission (found "
                                   f"{found})" if candidates else "missing: nothing handed in")
            intake.status = "missing"
            continue
        chosen.append(winner)
        for other in others:
            why = ("an identical copy" if _same_bytes(other.path, winner.path)
                   else _why_older(winner, other, [winner, *others]))
            intake.problems.append(f"also handed in: {other.origin}, not graded ({why}); "
                                   f"graded: {winner.origin}")
        intake.names[winner.path] = f"{name}.ipynb"
        data = winner.path.read_bytes()
        digest.update(data)
        if note:
            intake.problems.append(note)
        reading = read_submission(data)
        intake.problems += reading.problems
        if reading.notebook is None:
            intake.status = "unreadable"
            continue
        intake.problems += compare_with_release(reading.notebook, release)
        intake.findings += [f"{name}: {f}" for f in scan_notebook(reading.notebook)]
        intake.answers.update(answer_fingerprints(reading.notebook))
        nbformat.write(reading.notebook, target / f"{name}.ipynb")
    main = chosen[0].handin if chosen else (
        newest_first(candidates)[0].handin if candidates else None)
    if main is not None:
        intake.platform_id = main.platform_id
        intake.platform = main.platform
        intake.handed_in = chosen[0].origin if chosen else main.origin
        intake.submitted_at = main.submitted_at.isoformat() if main.submitted_at else None
    # data files (and timestamp.txt) as handed in, beside the graded notebook
    def flat(h: Handin) -> bool:  # a platform's single file, such as Canvas hands out
        return len(h.files) == 1 and h.files[0].origin == h.origin

    pool = [c for c in candidates if not c.name.endswith(".ipynb") and not c.archived
            and (c.handin is main or (main is not None and flat(main) and flat(c.handin)))]
    taken = set()
    for c in newest_first(pool):
        if c.name in taken or c.name in intake.names.values():
            continue
        taken.add(c.name)
        digest.update(c.name.encode() + c.path.read_bytes())
        shutil.copy(c.path, target / c.name)
        intake.names[c.path] = c.name
    intake.files = [c.path for c in chosen] + [p for p in intake.names if p not in
                                                {c.path for c in chosen}]
    intake.folder = target
    intake.key = digest.hexdigest()
    return intake
