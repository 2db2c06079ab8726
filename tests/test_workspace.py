"""A student's work survives the course: the workspace command, `make exercises`, `git pull`.

Each test makes a course repository of its own from this checkout's files (an "upstream"
with the course's commits) and, where it matters, a student's clone of it, and then does
what a student or an instructor does, with the real commands.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from course_tree import REPO

from pixels_to_gpt.workspace import NOTE, RELEASE_MARK, lab_command, lab_environment, prepare

ASSIGNMENT = "ch07_sampling"
NOTEBOOK = f"{ASSIGNMENT}/sampling.ipynb"
VENV = Path(sys.executable).parent.parent
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Course", "GIT_AUTHOR_EMAIL": "c@example.org",
           "GIT_COMMITTER_NAME": "Course", "GIT_COMMITTER_EMAIL": "c@example.org"}
COURSE_FILES = ("Makefile", "nbgrader_config.py", "requirements.txt", "pyproject.toml",
                ".gitignore")
COURSE_FOLDERS = ("book", "exercises", "solutions", "hidden_tests", "pixels_to_gpt", "grader")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True,
                          text=True, check=True)


def make_upstream(root: Path, without: tuple[str, ...] = ()) -> Path:
    """The course's repository as it is in this checkout (minus `without` assignments)."""
    upstream = root / "upstream"
    upstream.mkdir()
    for name in COURSE_FILES:
        shutil.copy2(REPO / name, upstream / name)
    for name in COURSE_FOLDERS:
        shutil.copytree(REPO / name, upstream / name, ignore=SKIP)
    for assignment in without:
        shutil.rmtree(upstream / "exercises" / assignment)
        shutil.rmtree(upstream / "solutions" / assignment)
        (upstream / "hidden_tests" / f"{assignment}.py").unlink()
    git("init", "-q", cwd=upstream)
    git("add", "-A", cwd=upstream)
    git("commit", "-q", "-m", "the course", cwd=upstream)
    return upstream


def workspace(course: Path) -> subprocess.CompletedProcess:
    """`python -m pixels_to_gpt workspace --no-lab`, as `make student LAB=no` runs it."""
    return subprocess.run([sys.executable, "-m", "pixels_to_gpt", "workspace", "--no-lab"],
                          cwd=course, capture_output=True, text=True, timeout=300)


def make_exercises(course: Path, tmpdir: Path, *assignments: str):
    """`make exercises`, with this checkout's environment (nothing is installed)."""
    tmpdir.mkdir(exist_ok=True)
    installed = VENV / "bin" / ".installed"  # never remade here: the environment is ready
    command = ["make", "--no-print-directory", "-o", str(installed), f"VENV={VENV}",
               "exercises"]
    if assignments:
        command.append(f"ASSIGNMENTS={' '.join(assignments)}")
    return subprocess.run(command, cwd=course, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "TMPDIR": str(tmpdir)})


def answer(path: Path) -> None:
    """What a student does: an answer in the first answer cell, run, with its output."""
    nb = json.loads(path.read_text())
    cell = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution"))
    cell["source"] = "def softmax(logits, dim=-1):\n    return logits.softmax(dim)\n"
    cell["execution_count"] = 3
    cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "my output\n"}]
    path.write_text(json.dumps(nb, indent=1))


def chapter_links(notebook: Path) -> list[Path]:
    """Where the notebook's links to the book's chapters lead, from where it lies."""
    text = "".join("".join(c["source"]) for c in json.loads(notebook.read_text())["cells"])
    links = re.findall(r"\]\((\.\./[^)]*book/[^)]*\.ipynb)\)", text)
    assert links, f"{notebook} links to no chapter"
    return [(notebook.parent / link).resolve() for link in links]


def gradebooks() -> set[Path]:
    return set(Path("/tmp").glob("gradebook-*.db"))


def test_a_students_copy_survives_the_workspace_make_exercises_and_git_pull(tmp_path):
    # The course, before chapter 8's exercise is released; a student clones it.
    upstream = make_upstream(tmp_path, without=("ch08_kv_cache",))
    student = tmp_path / "student"
    git("clone", "-q", str(upstream), str(student), cwd=tmp_path)

    first = workspace(student)
    assert first.returncode == 0, first.stderr
    copy = student / "work" / NOTEBOOK
    assert copy.read_bytes() == (student / "exercises" / NOTEBOOK).read_bytes()
    assert f"work/{ASSIGNMENT}/: new" in first.stdout
    for target in chapter_links(copy):  # the link back to chapter 7 works from the copy
        assert target.is_file() and target.parent == student / "book", target

    answer(copy)
    mine = copy.read_bytes()
    assert git("status", "--porcelain", cwd=student).stdout == "", "git sees the work"

    again = workspace(student)
    assert again.returncode == 0, again.stderr
    assert f"work/{ASSIGNMENT}/: your copy, kept as it is" in again.stdout
    assert copy.read_bytes() == mine

    made = make_exercises(student, tmp_path / "tmp", ASSIGNMENT)
    assert made.returncode == 0, made.stdout + made.stderr
    assert copy.read_bytes() == mine

    # The course publishes a new version of chapter 7's exercise and releases chapter 8's.
    release = upstream / "exercises" / NOTEBOOK
    nb = json.loads(release.read_text())
    nb["cells"][0]["source"] = "".join(nb["cells"][0]["source"]) + "\n\nA clarification."
    release.write_text(json.dumps(nb, indent=1))
    for folder in ("exercises", "solutions"):
        shutil.copytree(REPO / folder / "ch08_kv_cache", upstream / folder / "ch08_kv_cache",
                        ignore=SKIP)
    shutil.copy2(REPO / "hidden_tests" / "ch08_kv_cache.py", upstream / "hidden_tests")
    git("add", "-A", cwd=upstream)
    git("commit", "-q", "-m", "chapter 7's exercise clarified; chapter 8's released",
        cwd=upstream)

    pulled = git("pull", "-q", "--no-rebase", cwd=student)
    assert pulled.returncode == 0
    assert (student / "exercises" / NOTEBOOK).read_bytes() == release.read_bytes()
    assert copy.read_bytes() == mine

    after = workspace(student)
    assert after.returncode == 0, after.stderr
    assert copy.read_bytes() == mine, "the new release replaced the student's copy"
    offered = sorted((student / "work").glob(f"{ASSIGNMENT}.new-release-*"))
    assert len(offered) == 1, offered
    assert (offered[0] / "sampling.ipynb").read_bytes() == release.read_bytes()
    note = (offered[0] / NOTE).read_text()
    assert f"work/{ASSIGNMENT}/" in note and "nothing was changed" in note
    assert f"a newer release of {ASSIGNMENT} is beside it" in after.stdout
    for target in chapter_links(offered[0] / "sampling.ipynb"):
        assert target.is_file(), target
    assert (student / "work" / "ch08_kv_cache" / "kv_cache.ipynb").is_file()
    assert "work/ch08_kv_cache/: new" in after.stdout

    # Running it again offers nothing twice and changes nothing.
    last = workspace(student)
    assert last.returncode == 0, last.stderr
    assert sorted((student / "work").glob(f"{ASSIGNMENT}.new-release-*")) == offered
    assert copy.read_bytes() == mine
    assert git("status", "--porcelain", cwd=student).stdout == ""


def test_make_exercises_refuses_to_overwrite_a_students_answers(tmp_path):
    course = make_upstream(tmp_path)
    tmpdir = tmp_path / "tmp"
    before = gradebooks()

    # An instructor's change to the source is released: no one's work is at stake.
    source = course / "solutions" / NOTEBOOK
    nb = json.loads(source.read_text())
    nb["cells"][0]["source"] = "".join(nb["cells"][0]["source"]) + "\n\nA new sentence."
    source.write_text(json.dumps(nb, indent=1))
    made = make_exercises(course, tmpdir, ASSIGNMENT)
    assert made.returncode == 0, made.stdout + made.stderr
    released = course / "exercises" / NOTEBOOK
    assert "A new sentence." in released.read_text()
    assert f"exercises/{NOTEBOOK}: updated" in made.stdout

    # A student answered and ran the exercise in exercises/: make exercises stops.
    answer(released)
    theirs = released.read_bytes()
    refused = make_exercises(course, tmpdir, ASSIGNMENT)
    assert refused.returncode != 0
    assert released.read_bytes() == theirs, "the student's answers were overwritten"
    message = refused.stderr
    assert f"exercises/{NOTEBOOK}" in message and "changed nothing" in message
    assert "answer cells changed (softmax)" in message and "have outputs" in message
    assert "work/" in message, "the message says where to keep the work"

    # No temporary gradebook (or anything else) is left behind.
    assert list(tmpdir.iterdir()) == []
    assert gradebooks() <= before
    assert not (course / "gradebook.db").exists()


def hub_setting() -> str:
    """The nbgrader setting book/setup.md gives hub administrators (Fetch into work/)."""
    text = (REPO / "book" / "setup.md").read_text()
    blocks = re.findall(r"\n( *)```python\n(.*?)\n\1```", text, flags=re.S)
    setting = [textwrap.dedent(code) for _, code in blocks if "Exchange.assignment_dir" in code]
    assert len(setting) == 1, "setup.md shows the hub's setting once"
    return setting[0]


def test_on_a_hub_fetch_and_submit_use_the_copy_in_work(tmp_path):
    """nbgrader's Fetch, set up as setup.md says, makes the one copy, in the edition's
    work/: its chapter links work, the workspace command keeps it, Submit sends it."""
    course = make_upstream(tmp_path)
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    home = tmp_path / "home"
    clone = home / "pixels-to-gpt-student"  # where nbgitpuller puts the student edition
    git("clone", "-q", str(course), str(clone), cwd=tmp_path)
    (home / ".jupyter").mkdir()
    (home / ".jupyter" / "nbgrader_config.py").write_text("c = get_config()\n" + hub_setting())
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"]}
    env.pop("JUPYTER_CONFIG_DIR", None)

    def nbgrader(*args: str, cwd: Path, student: bool = False) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "nbgrader", *args, f"--Exchange.root={exchange}",
             "--CourseDirectory.course_id=pixels-to-gpt"], cwd=cwd, capture_output=True,
            text=True, timeout=300, env={**env, "HOME": str(home)} if student else env)
        assert result.returncode == 0, result.stdout + result.stderr

    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course)
    nbgrader("release_assignment", ASSIGNMENT, cwd=course)
    nbgrader("fetch_assignment", ASSIGNMENT, cwd=home, student=True)
    fetched = clone / "work" / NOTEBOOK
    assert fetched.is_file(), sorted(str(p) for p in home.rglob("*.ipynb"))
    assert not (home / ASSIGNMENT).exists(), "a second copy in the home folder"
    for target in chapter_links(fetched):
        assert target.is_file() and target.parent == clone / "book", target
    answer(fetched)
    mine = fetched.read_bytes()
    kept = workspace(clone)
    assert kept.returncode == 0, kept.stderr
    assert f"work/{ASSIGNMENT}/: your copy, kept as it is" in kept.stdout
    assert "newer release" not in kept.stdout and fetched.read_bytes() == mine
    nbgrader("submit", ASSIGNMENT, cwd=home, student=True)
    sent = list((exchange / "pixels-to-gpt" / "inbound").glob(f"*/{Path(NOTEBOOK).name}"))
    assert [p.read_bytes() for p in sent] == [mine]


def test_the_workspace_adopts_a_fetched_copy_and_offers_a_changed_release(tmp_path):
    """On a hub, nbgrader's Fetch makes the copy (without the command's mark)."""
    course = tmp_path / "course"
    (course / "book").mkdir(parents=True)
    shutil.copytree(REPO / "exercises" / ASSIGNMENT, course / "exercises" / ASSIGNMENT)
    shutil.copytree(REPO / "exercises" / "ch01_pixels", course / "exercises" / "ch01_pixels")
    fetched = course / "work" / ASSIGNMENT
    shutil.copytree(REPO / "exercises" / ASSIGNMENT, fetched)
    answer(fetched / "sampling.ipynb")
    older = course / "work" / "ch01_pixels"
    shutil.copytree(REPO / "exercises" / "ch01_pixels", older)
    nb = json.loads((older / "pixels.ipynb").read_text())  # an older release: other text
    nb["cells"][0]["source"] = "An older introduction."
    (older / "pixels.ipynb").write_text(json.dumps(nb))
    mine = {p: p.read_bytes() for p in (fetched / "sampling.ipynb", older / "pixels.ipynb")}

    outcome = prepare(course)
    assert outcome.copied == [] and sorted(outcome.kept) == ["ch01_pixels", ASSIGNMENT]
    assert list(outcome.offered) == ["ch01_pixels"], "the fetched copy is of this release"
    assert (fetched / RELEASE_MARK).is_file()
    assert {p: p.read_bytes() for p in mine} == mine


def test_the_workspace_in_another_language_translates_new_copies_only(tmp_path):
    """`make student LANGUAGE=hu`: new copies have Hungarian instructions (from the course's
    own catalogues) and the release's code; a copy already there stays exactly as it was."""
    course = tmp_path / "course"
    shutil.copytree(REPO / "book" / "locales", course / "book" / "locales")
    for assignment in (ASSIGNMENT, "ch01_pixels"):
        shutil.copytree(REPO / "exercises" / assignment, course / "exercises" / assignment)
    english_copy = course / "work" / "ch01_pixels"
    shutil.copytree(REPO / "exercises" / "ch01_pixels", english_copy)
    before = (english_copy / "pixels.ipynb").read_bytes()

    result = subprocess.run([sys.executable, "-m", "pixels_to_gpt", "workspace", "--no-lab",
                             "--course", str(course), "--language", "hu"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    release = json.loads((REPO / "exercises" / NOTEBOOK).read_text())
    copy = json.loads((course / "work" / NOTEBOOK).read_text())
    assert [c for c in copy["cells"] if c["cell_type"] == "code"] == \
        [c for c in release["cells"] if c["cell_type"] == "code"]
    assert "".join(copy["cells"][0]["source"]).startswith("# 7\\. feladat"), copy["cells"][0]
    assert (english_copy / "pixels.ipynb").read_bytes() == before
    # the fetched English copy is this release: adopted, not offered a new one
    assert "newer release" not in result.stdout

    again = prepare(course, "hu")
    assert again.copied == [] and again.offered == {}

    refused = subprocess.run([sys.executable, "-m", "pixels_to_gpt", "workspace", "--no-lab",
                              "--course", str(course), "--language", "fr"],
                             capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "no translation into 'fr'" in refused.stderr


def test_the_workspace_says_when_it_is_not_in_the_course(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pixels_to_gpt", "workspace", "--no-lab",
                             "--course", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "is not the course's folder" in result.stderr
    assert not (tmp_path / "work").exists()


def test_jupyterlab_from_the_workspace_has_no_formgrader(tmp_path):
    course = tmp_path / "course"
    (course / "work").mkdir(parents=True)
    env = lab_environment(course)
    probe = ("from jupyter_server.serverapp import ServerApp\n"
             "app = ServerApp(); app.find_server_extensions()\n"
             "print({k: v for k, v in app.jpserver_extensions.items() if 'nbgrader' in k})\n")
    found = subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path,
                           capture_output=True, text=True, timeout=120, check=True)
    extensions = eval(found.stdout.strip().splitlines()[-1])  # a dict's repr
    assert extensions["nbgrader.server_extensions.formgrader"] is False
    assert extensions["nbgrader.server_extensions.course_list"] is False
    assert extensions["nbgrader.server_extensions.assignment_list"] is True  # Fetch, Submit
    assert extensions["nbgrader.server_extensions.validate_assignment"] is True
    listed = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"],
                            env=env, cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    disabled = (listed.stdout + listed.stderr).split("Disabled extensions:")[-1]
    assert "@jupyter/nbgrader:formgrader" in disabled
    assert "@jupyter/nbgrader:create-assignment" in disabled
    assert "@jupyter/nbgrader:validate-assignment" not in disabled


@pytest.mark.parametrize("lab", ["", "LAB=no"])
def test_make_student_sets_up_only_what_students_need(tmp_path, lab):
    planned = subprocess.run(["make", "-n", "--no-print-directory", f"VENV={tmp_path}/venv",
                              "student", *([lab] if lab else [])],
                             cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert "pixels_to_gpt.edition requirements" in planned
    assert "pixels_to_gpt workspace" in planned
    assert ("--no-lab" in planned) == bool(lab)
    for instructors in ("install-system-packages", "jupyter-book", "sudo", "apt-get",
                        "-m pytest", "-r requirements.txt"):
        assert instructors not in planned


@pytest.mark.parametrize("uid", [0, 1000])
def test_jupyterlab_starts_as_root_in_a_container(tmp_path, monkeypatch, uid):
    """JupyterLab refuses to run as root without --allow-root (a Docker image's default user)."""
    monkeypatch.setattr(os, "geteuid", lambda: uid)
    command = lab_command(tmp_path)
    assert ("--allow-root" in command) == (uid == 0)
    assert f"--ServerApp.root_dir={tmp_path}" in command


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    """`python -m pixels_to_gpt workspace --no-lab | head -1`: no BrokenPipeError traceback.

    The reader here (`true`) is gone before the command writes its first line."""
    course = make_upstream(tmp_path)
    command = f"{{ sleep 0.5; {sys.executable} -m pixels_to_gpt workspace --no-lab; }} | true"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=course,
                            capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
