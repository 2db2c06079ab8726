"""What students get, and regenerating it without ever overwriting a student's work.

`python -m pixels_to_gpt edition OUT` (`make student-edition`) builds the student edition:
the book's chapters and pages, the exercises (exactly `exercises/`), the course's package
without the grading tool's instructor parts, the requirements a student needs, a README,
a Makefile whose `make student` is the whole set-up, an nbgrader configuration for
validating only, and Binder's `postBuild`. No `solutions/`, no hidden tests, no
`tests/catalogue/`. OUT becomes a git repository with one commit per change (`--no-git`: a
plain folder): push it as the students' repository, the one nbgitpuller, Binder and
`git clone` are pointed at. Building again updates OUT in place (its `.git`, `.venv` and
`work/` are kept). The edition is checked before it replaces OUT: a solution block, a
hidden-test block, a catalogue or an exercise with outputs stops the build.

`python -m pixels_to_gpt exercises [ASSIGNMENT ...]` (`make exercises`) first inlines each
assignment's test cells, `hidden_tests/<assignment>.py` (their single source, see
`pixels_to_gpt.hidden_tests`), into its notebooks in `solutions/`, then regenerates
`exercises/` from `solutions/` with `nbgrader generate_assignment`, in a temporary course
folder that is removed afterwards (its gradebook with it). It refuses, changing nothing (in
`solutions/` or `exercises/`), when a notebook of `exercises/` holds someone's work: outputs,
execution counts, answer cells or added cells that differ from what nbgrader generates (a
notebook identical to the committed one is never someone's work), or when a test file and its
notebook's test cells do not match one for one.

`python -m pixels_to_gpt.edition requirements` prints the students' requirements (the
Makefile's `make student` installs them), using only the standard library.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pixels_to_gpt.hidden_tests import inline_assignment

# Tools for building the book, testing, and grading: not what a student needs.
GRADER = "pixels-to-gpt-grader"  # the instructors' grading tool, grader/ (`-e ./grader`)
INSTRUCTOR_PACKAGES = frozenset({
    "jupyter-book", "pytest", "pytest-xdist", "playwright", "django-static-mathjax", "ruff",
    "pyseccomp", "sphinx-intl", "jieba", GRADER,
})
# The grading modules students use: the visible tests' guard and `validate`.
STUDENT_GRADING = ("guard.py", "validate.py")
# Lines of nbgrader_config.py that only instructors need (sources, release, grading).
INSTRUCTOR_SETTINGS = ("c.CourseDirectory.source_directory", "c.CourseDirectory.release_directory",
                       "c.ClearSolutions.", "c.OverwriteCells.")
MARK = ".pixels-to-gpt-edition"
# (spelled in two halves, so that this file, shipped in the edition, does not hold them)
SECRETS = (b"### BEGIN " + b"SOLUTION", b"BEGIN HIDDEN " + b"TESTS")
KEPT_ON_REBUILD = (".git", ".venv", "work")
_SKIP = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc", ".DS_Store")


class EditionError(RuntimeError):
    """The student edition could not be built, or would hand out what it must not."""


# ------------------------------------------------------------------------- requirements
def _requirement_name(line: str) -> str | None:
    line = line.strip()
    if line.replace(" ", "") in ("-e./grader", "-egrader"):
        return GRADER
    if not line or line.startswith(("#", "-")):
        return None
    return re.split(r"[\s<>=!~;\[@]", line, maxsplit=1)[0].lower().replace("_", "-")


def student_requirements(text: str) -> str:
    """requirements.txt without the instructors' tools (and the comments just above them)."""
    out = ["# The student edition's requirements: the course's requirements.txt without the",
           "# tools that build the book, run the tests and sandbox the grading."]
    pending: list[str] = []
    for line in text.splitlines():
        if line.strip().startswith("#"):
            pending.append(line)
            continue
        if _requirement_name(line) in INSTRUCTOR_PACKAGES:
            pending = []
            continue
        out += pending + [line]
        pending = []
    return "\n".join(out + pending).rstrip() + "\n"


def student_nbgrader_config(text: str) -> str:
    """The course's nbgrader_config.py without the instructors' settings (where solutions
    live, how releases are made, how grading restores cells): what validation needs."""
    header = ('"""nbgrader settings for students: what validating an exercise needs '
              "(JupyterLab's\nValidate button and `python -m pixels_to_gpt validate`). "
              "The instructors' settings\n(solutions, releases, grading) are not part of "
              'the student edition."""')
    # paragraphs and the blank lines between them (kept as they were)
    parts = re.split(r"(\n[ \t]*\n(?:[ \t]*\n)*)", text.strip())
    paragraphs, gaps = parts[0::2], parts[1::2] + [""]
    kept = [header, "\n\n"]
    for index, (paragraph, gap) in enumerate(zip(paragraphs, gaps, strict=True)):
        if index == 0 and paragraph.lstrip().startswith('"""'):
            continue
        lines = [line for line in paragraph.splitlines()
                 if not line.startswith(INSTRUCTOR_SETTINGS)]
        if any(line.strip() and not line.lstrip().startswith("#") for line in lines):
            kept += ["\n".join(lines), gap]
    return "".join(kept).rstrip() + "\n"


# ------------------------------------------------------------------- generated files
MAKEFILE = """\
# From Pixels to GPT, the student edition. One command:
#   make student   set up .venv (first time), copy new exercises into work/, open JupyterLab
#                  (make student LAB=no: everything but JupyterLab; LANGUAGE=hu, zh_CN or
#                  zh_TW: new copies' instructions in that language)
# Nothing here needs root, and nothing ever overwrites what is in work/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The data layer finds an offline mirror at ../shared/data by itself.

.PHONY: student

student: $(BIN)/.installed
\t$(BIN)/python -m pixels_to_gpt workspace $(if $(filter no,$(LAB)),--no-lab) \\
\t\t$(if $(LANGUAGE),--language $(LANGUAGE))

$(BIN)/.installed: requirements.txt pyproject.toml
\t$(PYTHON) -m venv $(VENV)
\t$(BIN)/python -m pip install --quiet --upgrade pip
\t$(BIN)/python -m pip install --quiet -r requirements.txt
\ttouch $@
"""

GITIGNORE = """\
# Your work and your environment: git (and nbgitpuller) never touch these.
/work/
.venv/
__pycache__/
*.egg-info/
.ipynb_checkpoints/
"""

# Binder (repo2docker) runs this after installing requirements.txt.
POSTBUILD = """\
#!/bin/bash
# Binder: nbgrader's instructor tools off, the exercises copied into work/.
set -euo pipefail
jupyter server extension disable --sys-prefix nbgrader.server_extensions.formgrader
jupyter server extension disable --sys-prefix nbgrader.server_extensions.course_list
jupyter labextension disable --level=sys_prefix @jupyter/nbgrader:formgrader
jupyter labextension disable --level=sys_prefix @jupyter/nbgrader:course-list
jupyter labextension disable --level=sys_prefix @jupyter/nbgrader:create-assignment
python -m pixels_to_gpt workspace --no-lab
"""

README = """\
# From Pixels to GPT: the student edition

The course that teaches how a GPT works by building one, as students get it: the chapters
(`book/`), the exercises (`exercises/`) and the course's Python package. The instructors'
solutions and the tests that decide grades are not here. The course's website explains
every chapter; its page *Running the course yourself* (`book/setup.md`) has the details.

## Set up (once) and start

You need Python 3.10 or newer, `git` and `make` (on Windows, use WSL). Nothing needs root.

```bash
git clone <the address your course gives you> pixels-to-gpt
cd pixels-to-gpt
make student
```

`make student` creates `.venv` with the course's packages (the first time, a few minutes),
copies every exercise into `work/`, checks the course's data and opens JupyterLab. Run it
again whenever you start working: it adds new exercises and never changes a copy you have.

On a Linux laptop without an NVIDIA GPU, install PyTorch's small CPU build first:

```bash
python3 -m venv .venv
.venv/bin/pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
make student
```

The data (Tiny Shakespeare, GPT-2's tokenizer) is downloaded once into
`~/.cache/pixels_to_gpt`. Offline, set `PIXELS_TO_GPT_DATA` to a folder that holds the files;
a folder `../shared/data` beside this one is found by itself.

## Where to work

In `work/<assignment>/`, never in `exercises/`: `exercises/` is the course's release, and
`git pull` updates it. `work/` is yours; git ignores it, and no course command writes into
a copy that exists. When the course publishes a new version of an assignment you have
started, `make student` puts it beside yours, in `work/<assignment>.new-release-<id>/`,
with a note.

## Check your work

```bash
.venv/bin/python -m pixels_to_gpt validate work/ch07_sampling/sampling.ipynb
```

prints each failing test with its whole hint and exits with status 1 when one fails (0 when
all pass). JupyterLab's *Validate* button does the same. (`nbgrader validate` exits 0 even
when tests fail: do not rely on it.) The hidden tests that decide the grade run only when
your instructor grades.

## Hand in

Restart the kernel and run all cells, validate, then hand in **the one notebook** in
`work/<assignment>/`, keeping its name (for chapter 7: `work/ch07_sampling/sampling.ipynb`):

- on a laptop: upload that file to your course's learning platform (Moodle, Canvas, ...);
- on your course's JupyterHub: use the *Assignments* tab (Fetch, work in the fetched copy,
  Validate, Submit). The copy that counts is the one you submit from; see
  `book/setup.md`.
"""


# --------------------------------------------------------------------------- building
def _git(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)


def _source_commit(course: Path) -> str:
    try:
        commit = _git("rev-parse", "HEAD", cwd=course).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit


def _copy_package(course: Path, dest: Path) -> None:
    source = course / "pixels_to_gpt"
    shutil.copytree(source, dest, ignore=_SKIP)
    grading = dest / "grading"
    for path in list(grading.iterdir()):  # the hidden tests' oracles stay behind
        if path.name not in STUDENT_GRADING:
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def _write_edition(course: Path, out: Path) -> None:
    shutil.copytree(course / "book", out / "book", ignore=_SKIP)
    shutil.copytree(course / "exercises", out / "exercises", ignore=_SKIP)
    _copy_package(course, out / "pixels_to_gpt")
    shutil.copy2(course / "pyproject.toml", out / "pyproject.toml")
    for licence in sorted(course.glob("LICEN[CS]E*")):
        shutil.copy2(licence, out / licence.name)
    (out / "requirements.txt").write_text(
        student_requirements((course / "requirements.txt").read_text(encoding="utf-8")))
    (out / "nbgrader_config.py").write_text(
        student_nbgrader_config((course / "nbgrader_config.py").read_text(encoding="utf-8")))
    (out / "README.md").write_text(README)
    (out / "Makefile").write_text(MAKEFILE)
    (out / ".gitignore").write_text(GITIGNORE)
    postbuild = out / "postBuild"
    postbuild.write_text(POSTBUILD)
    postbuild.chmod(0o755)
    (out / MARK).write_text(json.dumps(
        {"edition": "student", "from_commit": _source_commit(course)}, indent=2) + "\n")


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(folder).parts[:1]}


def check_edition(out: Path, course: Path) -> list[str]:
    """What in `out` must not reach students, or differs from the course's release."""
    problems = []
    files = _files(out)
    for rel, path in files.items():
        parts = rel.split("/")
        if parts[0] in ("solutions", "tests") or "catalogue" in parts:
            problems.append(f"{rel}: instructors' files (solutions, tests, catalogues)")
        data = path.read_bytes()
        for secret in SECRETS:
            if secret in data:
                problems.append(f"{rel}: holds {secret.decode()!r}")
    config = (out / "nbgrader_config.py").read_text(encoding="utf-8")
    for setting in INSTRUCTOR_SETTINGS:
        if setting in config:
            problems.append(f"nbgrader_config.py: holds the instructors' setting {setting}")
    release = _files(course / "exercises")
    shipped = {rel[len("exercises/"):]: p for rel, p in files.items()
               if rel.startswith("exercises/")}
    if sorted(release) != sorted(shipped):
        odd = sorted(set(release) ^ set(shipped))
        problems.append(f"exercises/ differs from the course's: {odd}")
    for rel, path in shipped.items():
        if rel in release and path.read_bytes() != release[rel].read_bytes():
            problems.append(f"exercises/{rel} differs from the course's")
        if rel.endswith(".ipynb"):
            reasons = _traces(path)
            if reasons:
                problems.append(f"exercises/{rel} is not a clean release: {'; '.join(reasons)}"
                                " (someone's work? run `make exercises`)")
    return problems


def build(course: Path, out: Path, git: bool = True) -> Path:
    """Build (or update) the student edition in `out`; with git, commit the change."""
    course, out = course.resolve(), out.resolve()
    for inside in (course, course / "book", course / "exercises", course / "pixels_to_gpt",
                   course / "solutions"):
        if out == inside or inside in out.parents and inside != course:
            raise EditionError(f"{out} lies in the course's own folders: choose another place "
                               "(for example _build/student-edition)")
    if out.exists() and (not out.is_dir() or any(out.iterdir()) and not (out / MARK).exists()):
        raise EditionError(f"{out} exists and is not a student edition: choose a new or empty "
                           "folder (nothing was changed)")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.building"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        _write_edition(course, staging)
        problems = check_edition(staging, course)
        if problems:
            raise EditionError("the student edition would hand out what it must not, so it "
                               "was not written:\n  " + "\n  ".join(problems))
        if out.exists():
            for name in KEPT_ON_REBUILD:
                if (out / name).exists():
                    shutil.move(str(out / name), str(staging / name))
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if git:
        _commit(out, course)
    return out


def _commit(out: Path, course: Path) -> None:
    if not (out / ".git").exists():
        _git("init", "-q", cwd=out)
        _git("symbolic-ref", "HEAD", "refs/heads/main", cwd=out)
    _git("add", "-A", cwd=out)
    if _git("diff", "--cached", "--quiet", cwd=out, check=False).returncode == 0:
        return  # nothing changed since the last edition
    identity = []
    if not _git("config", "user.email", cwd=out, check=False).stdout.strip():
        identity = ["-c", "user.name=From Pixels to GPT",
                    "-c", "user.email=course@pixels-to-gpt.invalid"]
    commit = _source_commit(course)
    _git(*identity, "commit", "-q", "-m", f"Student edition of From Pixels to GPT ({commit[:12]})",
         cwd=out)


def edition_command(out: str, course_dir: str | None = None, git: bool = True) -> int:
    from pixels_to_gpt.workspace import WorkspaceError, course_root

    try:
        folder = build(course_root(course_dir), Path(out), git=git)
    except (EditionError, WorkspaceError, OSError, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"student edition: {folder}" + (" (a git repository: push it as the students' "
                                           "repository)" if git else ""))
    return 0


# ------------------------------------------------------------- regenerating exercises/
def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _nbgrader_meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _traces(path: Path) -> list[str]:
    """Signs that a notebook has been run: outputs and execution counts."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError) as error:
        return [f"it cannot be read as a notebook ({error})"]
    reasons = []
    outputs = sum(1 for c in cells if c.get("outputs"))
    counts = sum(1 for c in cells if c.get("execution_count") is not None)
    if outputs:
        reasons.append(f"{outputs} cell(s) have outputs")
    if counts:
        reasons.append(f"{counts} cell(s) have execution counts")
    return reasons


def student_work(existing: Path, generated: Path, committed: bytes | None = None) -> list[str]:
    """Why `existing` holds someone's work that regenerating would destroy ([] if it does
    not): compared with nbgrader's fresh release `generated`, and with the committed file."""
    data = existing.read_bytes()
    if committed is not None and data == committed:
        return []
    reasons = _traces(existing)
    try:
        cells = json.loads(data).get("cells", [])
    except ValueError:
        return reasons
    fresh = json.loads(generated.read_text(encoding="utf-8")).get("cells", [])
    stubs = {_nbgrader_meta(c).get("grade_id"): _source(c) for c in fresh
             if _nbgrader_meta(c).get("solution")}
    sources = {_source(c) for c in fresh}
    changed = [_nbgrader_meta(c).get("grade_id") for c in cells
               if _nbgrader_meta(c).get("solution")
               and stubs.get(_nbgrader_meta(c).get("grade_id")) != _source(c)]
    if changed:
        reasons.append(f"answer cells changed ({', '.join(str(g) for g in changed)})")
    added = [c for c in cells if not _nbgrader_meta(c) and _source(c).strip()
             and _source(c) not in sources]
    if added:
        reasons.append(f"{len(added)} cell(s) added")
    return reasons


def _committed(course: Path, path: Path) -> bytes | None:
    """The file as committed in the course's git repository, if it is one."""
    if shutil.which("git") is None:
        return None
    rel = path.relative_to(course).as_posix()
    result = subprocess.run(["git", "show", f"HEAD:./{rel}"], cwd=course, capture_output=True)
    return result.stdout if result.returncode == 0 else None


def _nbgrader(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # nbgrader runs helpers (alembic) by name: the interpreter's own bin/ comes first
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


REFUSAL = """\
error: `make exercises` stopped and changed nothing: it would replace notebooks in
exercises/ that hold someone's work (answers or outputs), and exercises/ is regenerated
from solutions/ by the course. These notebooks:
{notebooks}
If this is your work, keep it: move it out of exercises/ into the git-ignored work/ folder,
where no course command, test or `git pull` touches it, for example
  mkdir -p work/{first_assignment}.mine && mv {first} work/{first_assignment}.mine/
(the chapter links still work from there), then run `make exercises` again: it puts the
fresh release back. Students never need `make exercises`: `make student` (or
`python -m pixels_to_gpt workspace`) gives them copies of the exercises in work/.
"""


def regenerate_exercises(course: Path, assignments: list[str] | None = None) -> int:
    """Inline hidden_tests/ into solutions/, then regenerate exercises/ from solutions/
    (nbgrader), never over someone's work."""
    course = course.resolve()
    solutions = course / "solutions"
    if not solutions.is_dir() or not (course / "nbgrader_config.py").is_file():
        print(f"error: {course} has no solutions/ and nbgrader_config.py: the exercises are "
              "regenerated in the instructors' copy of the course", file=sys.stderr)
        return 2
    known = sorted(p.name for p in solutions.iterdir() if p.is_dir() and not
                   p.name.startswith("."))
    names = assignments or known
    unknown = [a for a in names if a not in known]
    if unknown:
        print(f"error: no assignment {', '.join(unknown)} in solutions/ (there are: "
              f"{', '.join(known)})", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="pixels-to-gpt-exercises-") as tmp:
        root = Path(tmp)
        shutil.copy2(course / "nbgrader_config.py", root / "nbgrader_config.py")
        plan: list[tuple[Path, Path, str]] = []
        inlined: list[tuple[Path, Path]] = []  # (the updated copy, its notebook in solutions/)
        refused: list[str] = []
        for assignment in names:
            copy = root / "solutions" / assignment
            shutil.copytree(solutions / assignment, copy, ignore=_SKIP)
            try:  # into the copy: solutions/ changes only when exercises/ may change too
                updated = inline_assignment(course, assignment, copy)
            except (ValueError, OSError) as error:  # HiddenTestsError is a ValueError
                print(f"error: the test cells of {assignment} could not be inlined from "
                      f"hidden_tests/{assignment}.py, so nothing was changed:\n  "
                      + str(error).replace(str(copy), f"solutions/{assignment}"),
                      file=sys.stderr)
                return 2
            inlined += [(p, solutions / assignment / p.relative_to(copy)) for p in updated]
            result = _nbgrader("generate_assignment", assignment, "--force", cwd=root)
            if result.returncode != 0:
                print(f"error: nbgrader generate_assignment {assignment} failed:\n"
                      f"{result.stdout}{result.stderr}", file=sys.stderr)
                return 2
            released = root / "exercises" / assignment
            for generated in sorted(p for p in released.rglob("*") if p.is_file()):
                target = course / "exercises" / assignment / generated.relative_to(released)
                if not target.exists():
                    plan.append((generated, target, "new"))
                elif target.read_bytes() == generated.read_bytes():
                    continue
                elif target.suffix == ".ipynb" and (
                        reasons := student_work(target, generated, _committed(course, target))):
                    refused.append(f"  {target.relative_to(course)}: {'; '.join(reasons)}")
                else:
                    plan.append((generated, target, "updated"))
            made = {p.relative_to(released) for p in released.rglob("*") if p.is_file()}
            for extra in sorted((course / "exercises" / assignment).rglob("*")):
                rel = extra.relative_to(course / "exercises" / assignment)
                if (extra.is_file() and rel not in made
                        and not any(part.startswith(".") for part in rel.parts)):
                    print(f"exercises/{assignment}/{rel}: not part of the release; left as it is")
        if refused:
            first = refused[0].strip().split(":")[0]
            print(REFUSAL.format(notebooks="\n".join(refused), first=first,
                                 first_assignment=Path(first).parent.name), file=sys.stderr)
            return 1
        for updated, notebook in inlined:
            shutil.copyfile(updated, notebook)
            print(f"{notebook.relative_to(course)}: test cells updated from "
                  f"hidden_tests/{notebook.parent.name}.py")
        for generated, target, status in plan:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(generated, target)
            print(f"{target.relative_to(course)}: {status}")
    print(f"exercises/ is up to date ({len(names)} assignment(s) generated from solutions/)")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["requirements"]:
        here = Path(__file__).resolve().parent.parent
        sys.stdout.write(student_requirements((here / "requirements.txt").read_text()))
    else:
        sys.exit("usage: python -m pixels_to_gpt.edition requirements")
