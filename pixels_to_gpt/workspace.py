"""A student's workspace: copies of the exercises that no course command ever overwrites.

`python -m pixels_to_gpt workspace` (what `make student` runs) does, in the course's folder:

1. copies each assignment of `exercises/` to `work/<assignment>/`, once. A copy that is
   already there is never replaced, changed or deleted: new assignments are added beside
   it, and when the course has released a new version of an assignment the student already
   has, the new release goes into `work/<assignment>.new-release-<id>/`, beside the
   student's copy, with a note `NEW-RELEASE.md`;
2. checks the course's data (the mirror named by ``PIXELS_TO_GPT_DATA``, the mirror
   ``../shared/data`` beside the checkout, the cache, or a download: see `data.py`);
3. starts JupyterLab in the course's folder, with nbgrader's instructor tools (the
   formgrader, the course list, the assignment creator) switched off for that JupyterLab
   (a configuration folder `work/.jupyter` put first on ``JUPYTER_CONFIG_PATH``).
   `--no-lab` stops after step 2; on a JupyterHub, JupyterLab is already running and is
   not started again.

`work/` is git-ignored, so `git pull`, `make exercises`, the tests and the book build never
touch it. It lies beside `exercises/` on purpose: a copy is as deep in the course's folder
as the release, so an exercise's links back to its chapter (`../../book/ch07_....ipynb`)
work unchanged. Rewriting the links instead would change the exercise's locked cells, which
nbgrader's validation and grading report as tampering.

With `--language hu` (`make student LANGUAGE=hu`; also zh_CN, zh_TW) the copies' instructions
are in that language, translated from the website's catalogues
(`pixels_to_gpt.exercise_translations`); the code and test cells are the same, and so is the
grading.

Each copy holds a file `.pixels-to-gpt-release` naming the release it was copied from (a
SHA-256 over the assignment's files). A folder without it (made by hand, or by nbgrader's
Fetch on a hub) is compared with the release by its read-only cells.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pixels_to_gpt.exercise_translations import language_code, translate_folder, translate_notebook

WORK = "work"
RELEASE_MARK = ".pixels-to-gpt-release"
NOTE = "NEW-RELEASE.md"
# nbgrader 0.9's instructor tools (server extensions and JupyterLab plugins). Students keep
# the assignment list (Fetch, Submit) and the Validate button.
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
)
INSTRUCTOR_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:create-assignment",
)
_SKIP = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc", ".DS_Store")


class WorkspaceError(RuntimeError):
    """The course's folder is not one the workspace can be made in."""


@dataclass
class Outcome:
    work: Path
    copied: list[str] = field(default_factory=list)  # assignments copied in this run
    kept: list[str] = field(default_factory=list)  # copies already there, left as they were
    offered: dict[str, Path] = field(default_factory=dict)  # assignment -> new release folder


def course_root(given: str | None = None) -> Path:
    """The course's folder: `given`, else the current folder if it holds the course, else
    the checkout that holds this package."""
    from pixels_to_gpt.data import CHECKOUT

    candidates = [Path(given)] if given else [Path.cwd(), CHECKOUT]
    for folder in candidates:
        if (folder / "exercises").is_dir() and (folder / "book").is_dir():
            return folder.resolve()
    where = given or f"{Path.cwd()} or {CHECKOUT}"
    raise WorkspaceError(
        f"{where} is not the course's folder (it needs exercises/ and book/): run the "
        "command in your copy of the course (the folder with the Makefile), or name it "
        "with --course"
    )


def release_id(folder: Path) -> str:
    """A SHA-256 over an assignment folder's files (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder)
        if rel.name == RELEASE_MARK or any(part in (".ipynb_checkpoints", "__pycache__")
                                           for part in rel.parts):
            continue
        digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_only_cells(folder: Path, translated: tuple[str, str] | None = None
                     ) -> dict[str, list] | None:
    """Notebook name -> its locked and test cells (what a student cannot change), or None
    when a notebook cannot be read. `translated` (assignment, language): as the copy in
    that language has them."""
    cells: dict[str, list] = {}
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if translated:
            assignment, language = translated
            nb = translate_notebook(nb, language, f"exercises/{assignment}/{path.stem}",
                                    folder.parents[1] / "book" / "locales")
        kept = []
        for cell in nb.get("cells", []):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("locked") or meta.get("grade") and not meta.get("solution"):
                source = cell.get("source", "")
                kept.append((meta.get("grade_id"), "".join(source) if isinstance(source, list)
                             else source))
        cells[path.name] = kept
    return cells


def _copy_release(release: Path, dest: Path, rid: str, language: str | None) -> None:
    """Copy a release folder into place in one step (a half-made copy never shows), its
    instructions translated into `language` (None: as released, in English)."""
    partial = dest.with_name(f".{dest.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(release, partial, ignore=_SKIP)
    if language:
        # the catalogues of this course's own website, beside its exercises
        translate_folder(partial, release.name, language, release.parents[1] / "book" / "locales")
    (partial / RELEASE_MARK).write_text(rid + "\n", encoding="utf-8")
    partial.rename(dest)


def _note(assignment: str, folder: Path) -> str:
    notebooks = sorted(p.name for p in folder.glob("*.ipynb"))
    names = ", ".join(notebooks) or "the notebooks"
    return f"""# A new release of {assignment}

The course has released a new version of this assignment after you made your copy. Your
copy, `{WORK}/{assignment}/`, is exactly as you left it: nothing was changed or deleted.

This folder, `{WORK}/{folder.name}/`, holds the new release ({names}). Compare the two
(the instructions and the test cells may have changed). To work in the new release:

1. keep your copy: rename `{WORK}/{assignment}/` to, for example,
   `{WORK}/{assignment}.my-first-copy/`;
2. rename this folder to `{WORK}/{assignment}/`, and delete this note from it;
3. copy your answers from your old copy into the answer cells of the new one.

Always hand in the notebook in `{WORK}/{assignment}/`, keeping its name
({names}): see "Handing in" in the course's setup page (book/setup.md).
"""


def prepare(course: Path, language: str | None = None) -> Outcome:
    """Copy new assignments into work/, offer updated releases beside existing copies; with
    `language`, new copies have their instructions in that language."""
    exercises = course / "exercises"
    work = course / WORK
    work.mkdir(exist_ok=True)
    outcome = Outcome(work)
    for release in sorted(p for p in exercises.iterdir() if p.is_dir()):
        assignment = release.name
        if assignment.startswith("."):
            continue
        rid = release_id(release)
        dest = work / assignment
        if not dest.exists():
            _copy_release(release, dest, rid, language)
            outcome.copied.append(assignment)
            continue
        outcome.kept.append(assignment)
        mark = dest / RELEASE_MARK
        base = mark.read_text(encoding="utf-8").strip() if mark.is_file() else None
        if base is None and dest.is_dir():
            mine = _read_only_cells(dest)
            if mine is not None and (mine == _read_only_cells(release) or language and mine
                                     == _read_only_cells(release, (assignment, language))):
                # a copy of this release made without the command (by hand, or Fetch)
                mark.write_text(rid + "\n", encoding="utf-8")
                base = rid
        if base == rid:
            continue
        offered = work / f"{assignment}.new-release-{rid[:8]}"
        if not offered.exists():
            _copy_release(release, offered, rid, language)
            (offered / NOTE).write_text(_note(assignment, offered), encoding="utf-8")
        outcome.offered[assignment] = offered
    return outcome


def jupyter_config(course: Path) -> Path:
    """Write the configuration that keeps nbgrader's instructor tools off; its folder."""
    folder = course / WORK / ".jupyter"
    server = folder / "jupyter_server_config.d"
    lab = folder / "labconfig"
    server.mkdir(parents=True, exist_ok=True)
    lab.mkdir(parents=True, exist_ok=True)
    (server / "pixels_to_gpt_student.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": dict.fromkeys(INSTRUCTOR_SERVER_EXTENSIONS,
                                                            False)}}, indent=2) + "\n")
    (lab / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": dict.fromkeys(INSTRUCTOR_LAB_PLUGINS, True)}, indent=2) + "\n")
    return folder


def lab_environment(course: Path) -> dict[str, str]:
    """The environment JupyterLab starts in: the student configuration first."""
    config = str(jupyter_config(course))
    paths = [config] + [p for p in os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep)
                        if p and p != config]
    return {**os.environ, "JUPYTER_CONFIG_PATH": os.pathsep.join(paths)}


def _data_report() -> list[str]:
    """Where the course's data comes from, checked now (a failure is a warning)."""
    from pixels_to_gpt import data

    try:
        mirror = data._mirror_from_env()
        source = (f"the mirror {mirror} (PIXELS_TO_GPT_DATA)" if mirror else
                  f"the mirror beside the course, {data.mirror_beside_checkout()}"
                  if data.mirror_beside_checkout() else
                  f"downloads, kept in {data.cache_dir()}")
        for name in data.DATA_FILES:
            data.fetch(name)
    except data.DataError as error:
        return [f"warning: the course's data is not ready: {error}",
                "  The chapters that need it will say so; the exercises do not need it."]
    return [f"data: ready, from {source}"]


def _ignored_by_git(course: Path) -> bool | None:
    if not (course / ".git").exists() or shutil.which("git") is None:
        return None
    result = subprocess.run(["git", "-C", str(course), "check-ignore", "-q", f"{WORK}/x"],
                            capture_output=True)
    return result.returncode == 0


def report(outcome: Outcome, course: Path) -> list[str]:
    lines = [f"Your workspace: {outcome.work} (the course never changes what is in it)"]
    for a in outcome.copied:
        lines.append(f"  {WORK}/{a}/: new, copied from exercises/{a}/")
    for a in outcome.kept:
        lines.append(f"  {WORK}/{a}/: your copy, kept as it is")
        if a in outcome.offered:
            rel = outcome.offered[a].relative_to(course)
            lines.append(f"    a newer release of {a} is beside it, in {rel}/ (read "
                         f"{rel}/{NOTE})")
    if _ignored_by_git(course) is False:
        lines.append(f"warning: git does not ignore {WORK}/ here: add the line /{WORK}/ to "
                     ".gitignore so that git never touches your work")
    return lines


def lab_command(course: Path) -> list[str]:
    """The JupyterLab command line, opening work/ (as root, in a container, with --allow-root,
    without which JupyterLab refuses to start)."""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={course}",
               f"--ServerApp.default_url=/lab/tree/{WORK}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def run(course_dir: str | None = None, lab: bool = True, language: str | None = None) -> int:
    try:
        language = language_code(language) if language else None
        course = course_root(course_dir)
        outcome = prepare(course, language)
    except (WorkspaceError, OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for line in report(outcome, course) + _data_report():
        print(line)
    print(f"Work in {WORK}/<assignment>/; check a notebook with "
          f"`python -m pixels_to_gpt validate {WORK}/<assignment>/<notebook>.ipynb`.")
    if not lab:
        jupyter_config(course)
        return 0
    if os.environ.get("JUPYTERHUB_USER"):
        print(f"You are on a JupyterHub: JupyterLab is already open; find {WORK}/ in its "
              "file browser.")
        return 0
    command = lab_command(course)
    print("Starting JupyterLab (stop it with Ctrl+C, twice)...", flush=True)
    try:
        return subprocess.call(command, env=lab_environment(course), cwd=course)
    except KeyboardInterrupt:
        return 0
