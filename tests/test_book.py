"""The website: built with warnings as errors, complete, and without the solutions.

Builds the book exactly as `make book` does (executing every chapter), once per test run.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from course_tree import REPO, build_book

from pixels_to_gpt.exercise_translations import translations
from pixels_to_gpt.translations import LANGUAGES, web_code
from pixels_to_gpt_grader.course import SOLUTION_BEGIN, SOLUTION_END

HTML = REPO / "_build" / "html"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site() -> Path:
    code, log = build_book()
    assert code == 0, f"the book build failed:\n{log[-6000:]}"
    # Sphinx's warnings ("file:line: WARNING: ..."), not the kernel's own log lines
    warnings = [line for line in log.splitlines() if ": WARNING:" in line
                or line.startswith("WARNING:")]
    assert not warnings, "the book build warned:\n" + "\n".join(warnings)
    return HTML


def _toc_files() -> list[str]:
    import yaml

    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part["chapters"])
    return files


def test_every_page_of_the_table_of_contents_is_built(site):
    for file in _toc_files():
        assert (site / f"{file}.html").is_file(), f"{file} is missing from the site"


def _shown(msgstr: str) -> str:
    """A message's translation as the page shows it: no escapes, no emphasis marks."""
    return msgstr.replace("\\", "").replace("**", "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_built_in_every_language_and_says_which(site, language):
    """Each translation is a whole site in _build/html/<code>/: every page, its `lang`, and
    its text from the catalogue (chapter 7's and its exercise's title and opening)."""
    code = web_code(language)
    for file in _toc_files():
        page = site / code / f"{file}.html"
        assert page.is_file(), f"{file} is missing from the {language} site"
        assert f'<html lang="{code}"' in page.read_text()[:600], f"{file} in {code}: lang"
    assert '<html lang="en"' in (site / "book" / "ch07_sampling.html").read_text()[:600]
    for page, messages in {
        "book/ch07_sampling": ("7. From logits to text",
                               "By the end of this chapter you will be able to:"),
        "exercises/ch07_sampling/sampling": None,
    }.items():
        table = translations(language, page)
        messages = messages or tuple(m for m in table if 30 < len(m) < 120
                                     and not set("`{[*$\\") & set(m + table[m]))[:2]
        text = html.unescape((site / code / f"{page}.html").read_text())
        for message in messages:
            assert _shown(table[message]) in text, f"{page} in {code} lacks {table[message]!r}"
            assert message not in text.replace(_shown(table[message]), ""), (
                f"{page} in {code} still shows the English {message!r}")


@pytest.mark.parametrize(("code", "words", "not_these"), [
    ("hu", ("Vissza a tetejére", "Ugrás a fő tartalomra"), ("Back to top", "回到顶部")),
    ("zh-CN", ("回到顶部",), ("Back to top", "回到頂端")),
    ("zh-TW", ("回到頂端", "跳至主要內容"), ("Back to top", "回到顶部")),
])
def test_the_page_frame_is_in_the_pages_language(site, code, words, not_these):
    """The theme's own words around the text (book/locales/<lang>/sphinx.po where the theme
    has none; zh_TW must not fall back to the theme's Simplified Chinese)."""
    text = (site / code / "book" / "ch07_sampling.html").read_text()
    assert all(word in text for word in words), [w for w in words if w not in text]
    assert not [word for word in not_these if word in text]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_translated_page_downloads_its_notebook_in_that_language(site, language):
    """The download button of a translated exercise gives the notebook with translated
    instructions and the English notebook's code cells (which are what is graded)."""
    page = "exercises/ch07_sampling/sampling"
    english = json.loads((REPO / f"{page}.ipynb").read_text())
    download = json.loads((site / web_code(language) / "_sources" / f"{page}.ipynb").read_text())
    code = [c for c in english["cells"] if c["cell_type"] == "code"]
    assert [c for c in download["cells"] if c["cell_type"] == "code"] == code
    text = "".join("".join(c["source"]) for c in download["cells"])
    table = translations(language, page)
    assert sum(msgstr in text for msgstr in table.values()) > len(table) / 2, (
        f"the {language} download of {page} is not translated")


def test_chapter_and_its_exercise_are_in_the_table_of_contents():
    files = _toc_files()
    assert "book/ch07_sampling" in files
    assert "exercises/ch07_sampling/sampling" in files
    assert not any(f.startswith("solutions/") for f in files)


def _secrets() -> tuple[set[str], list[list[str]]]:
    """Hidden-test lines, and the solution blocks (as lists of lines), of every assignment.

    Only lines of 24 characters or more that appear nowhere in the students' versions count.
    """
    released = set()
    for nb in (REPO / "exercises").rglob("*.ipynb"):
        for cell in json.loads(nb.read_text())["cells"]:
            released.update(line.strip() for line in "".join(cell["source"]).splitlines())
    hidden: set[str] = set()
    solutions: list[list[str]] = []
    for nb in (REPO / "solutions").rglob("*.ipynb"):
        for cell in json.loads(nb.read_text())["cells"]:
            inside = None
            for line in "".join(cell["source"]).splitlines():
                stripped = line.strip()
                if stripped == "### BEGIN HIDDEN TESTS":
                    inside = "hidden"
                elif stripped == SOLUTION_BEGIN:
                    inside = "solution"
                    solutions.append([])
                elif stripped in ("### END HIDDEN TESTS", SOLUTION_END):
                    inside = None
                elif inside and len(stripped) >= 24 and stripped not in released:
                    if inside == "hidden":
                        hidden.add(stripped)
                    else:
                        solutions[-1].append(stripped)
    return hidden, [block for block in solutions if len(block) >= 2]


def _contains(text: str, line: str) -> bool:
    return line in text or html.escape(line) in text or html.escape(line, False) in text


def test_no_solution_or_hidden_test_is_published(site):
    """No line of a hidden test appears anywhere; no page holds most of a solution."""
    hidden, solutions = _secrets()
    assert len(hidden) > 100 and len(solutions) > 10, "the check must have secrets to look for"
    leaks = []
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix in (".png", ".jpg", ".svg", ".woff", ".woff2"):
            continue
        text = path.read_text(errors="ignore")
        leaks += [f"{path.relative_to(site)}: {line}" for line in hidden if _contains(text, line)]
        for block in solutions:
            shown = [line for line in block if _contains(text, line)]
            if len(shown) * 2 > len(block):
                leaks.append(f"{path.relative_to(site)}: a solution: {block[0]} ...")
    assert not leaks, "hidden tests or solutions are published:\n" + "\n".join(leaks[:20])
    assert not (site / "solutions").exists() and not (site / "_sources" / "solutions").exists()


def test_notebook_pages_have_launch_and_download_buttons(site):
    page = (site / "book" / "ch07_sampling.html").read_text()
    for launcher in ("mybinder.org", "colab.research.google.com"):
        assert launcher in page, f"no {launcher} launch button"
    # no placeholder JupyterHub: an instructor adds their own hub's address to _config.yml
    assert "example.org" not in page and "hub/user-redirect" not in page
    assert "jupyterlab" in page.lower() or "urlpath=lab" in page
    assert "ch07_sampling.ipynb" in page, "no download button for the notebook"


def test_the_old_addresses_of_renamed_chapters_redirect_to_the_new_pages(site):
    """Readers' bookmarks of chapters 7 and 8 from before their rename still work."""
    for old, new in {"ch07_from_logits_to_text": "ch07_sampling",
                     "ch08_faster_generation": "ch08_kv_cache"}.items():
        page = site / "book" / f"{old}.html"
        assert page.is_file(), f"book/{old}.html is missing: old links to it would break"
        text = page.read_text()
        assert f'<meta http-equiv="refresh" content="0; url={new}.html">' in text
        assert f'<link rel="canonical" href="{new}.html">' in text
        assert f'<a href="{new}.html">' in text, "no plain link for people"
        assert (site / "book" / f"{new}.html").is_file()
        assert 'class="live-model"' not in text and "<img" not in text, "not the old chapter"
        # no download of the old chapter left from an earlier build
        assert not list((site / "_sources" / "book").glob(f"{old}.*"))


def test_chapter_shows_its_results(site):
    page = (site / "book" / "ch07_sampling.html").read_text()
    assert page.count("<img") >= 5, "the chapter's figures are missing"
    assert "ROMEO:" in page and "log-probability" in page


@pytest.mark.parametrize("chapter", sorted(p.name for p in (REPO / "book").glob("ch*.ipynb")))
def test_every_figure_is_explained_by_the_text_around_it(chapter):
    """A cell that draws a figure stands between markdown cells that say what it shows."""
    cells = json.loads((REPO / "book" / chapter).read_text())["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code" and "plt.show()" in "".join(cell["source"]):
            around = [cells[j] for j in (i - 1, i + 1) if 0 <= j < len(cells)]
            prose = ["".join(c["source"]) for c in around if c["cell_type"] == "markdown"]
            assert any(len(text.split()) >= 8 for text in prose), (
                f"{chapter}, cell {i}: a figure with no sentence explaining it next to it")


# ---- the first cell of every chapter: the course's package wherever the notebook runs ------

_RECORD_PIP = """
import json, subprocess, sys
calls = []
subprocess.run = lambda command, **options: calls.append(command)  # no network, no install
exec(compile(sys.stdin.read(), "first-cell", "exec"))
print(json.dumps([[part == sys.executable and "<python>" or part for part in c] for c in calls]))
"""


def _first_cell_runs(chapter: str, *python_options: str) -> list[list[str]]:
    """The commands the chapter's first code cell runs, in a fresh interpreter (a temporary
    folder, so that the checkout is not on its path); subprocess.run is replaced by a
    recorder."""
    import subprocess
    import sys
    import tempfile

    cells = json.loads((REPO / "book" / chapter).read_text())["cells"]
    first = "".join(next(c for c in cells if c["cell_type"] == "code")["source"])
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run([sys.executable, *python_options, "-c", _RECORD_PIP],
                                input=first, capture_output=True, text=True, cwd=folder,
                                timeout=60)
    assert result.returncode == 0, f"{chapter}: the first cell failed:\n{result.stderr}"
    return json.loads(result.stdout)


def _chapters() -> list[str]:
    return sorted(p.name for p in (REPO / "book").glob("ch*.ipynb"))


def test_each_chapter_first_installs_the_course_where_it_is_missing():
    """On Colab (no pixels_to_gpt) the first cell pip-installs the course from its repository;
    in the course's environment it does nothing."""
    import yaml

    repository = yaml.safe_load((REPO / "_config.yml").read_text())["repository"]["url"]
    expected = ["<python>", "-m", "pip", "install", "--quiet", f"git+{repository}"]
    for chapter in _chapters():
        # the course's environment: the package is importable, so nothing is installed
        assert _first_cell_runs(chapter) == [], f"{chapter}: installs although installed"
        # without site-packages (-S) and isolated (-I): a Python without the package
        assert _first_cell_runs(chapter, "-I", "-S") == [expected], (
            f"{chapter}: the first cell does not install the course where it is missing")


# ---- after its exercise link, each chapter shows the package's answers, folded ------------

# an exercise's function that the package has under another name, with the same contract
PACKAGE_NAME_OF = {"loss": "cross_entropy"}


def _package_functions() -> set[str]:
    """The names of the package's top-level functions (the grading tool's own excepted)."""
    import ast

    names = set()
    for path in (REPO / "pixels_to_gpt").rglob("*.py"):
        if "grading" not in path.relative_to(REPO / "pixels_to_gpt").parts:
            tree = ast.parse(path.read_text())
            names.update(node.name for node in tree.body if isinstance(node, ast.FunctionDef))
    return names


def _exercise_functions(assignment: str) -> list[str]:
    """The functions an exercise asks for: the grade_ids of its answer cells."""
    names = []
    for nb in sorted((REPO / "solutions" / assignment).glob("*.ipynb")):
        for cell in json.loads(nb.read_text())["cells"]:
            grading = cell["metadata"].get("nbgrader", {})
            if cell["cell_type"] == "code" and grading.get("solution"):
                names.append(grading["grade_id"])
    return names


def _folded(cell: dict) -> bool:
    tags = cell["metadata"].get("tags", [])
    return "hide-output" in tags or "hide-cell" in tags


@pytest.mark.parametrize("chapter", _chapters())
def test_the_package_answers_each_exercise_after_its_link_folded(chapter):
    """After the link to its exercise, a chapter asks the reader to try the exercise first,
    then lists the package's version of each function the exercise asks for (those the
    package has), each folded; and nowhere does it show one of them unfolded."""
    import re

    cells = json.loads((REPO / "book" / chapter).read_text())["cells"]
    text = ["".join(c["source"]) for c in cells]
    links = [i for i, t in enumerate(text) if re.search(r"\]\(\.\./exercises/[\w-]+/", t)]
    assert links, f"{chapter}: no link to its exercise"
    link = links[-1]
    assignment = re.findall(r"\]\(\.\./exercises/([\w-]+)/", text[link])[-1]
    after = list(zip(cells[link + 1:], text[link + 1:], strict=True))
    assert any(c["cell_type"] == "markdown" and "exercise first" in t for c, t in after), (
        f"{chapter}: no line after the exercise link asking the reader to try it first")

    def listing(name: str) -> str:  # show_source(name), show_source(module.name)
        return rf"show_source\((\w+\.)*{name}\)"

    package = _package_functions()
    wanted = [PACKAGE_NAME_OF.get(f, f) for f in _exercise_functions(assignment)]
    wanted = [name for name in wanted if name in package]
    for name in wanted:
        shown = [c for c, t in after if c["cell_type"] == "code" and re.search(listing(name), t)]
        assert shown, f"{chapter}: no listing of the package's {name} after the exercise link"
        assert all(_folded(c) for c in shown), f"{chapter}: the package's {name} is not folded"
    for i, (cell, source) in enumerate(zip(cells, text, strict=True)):
        for name in wanted:
            if cell["cell_type"] == "code" and re.search(listing(name), source):
                assert _folded(cell), (
                    f"{chapter}, cell {i}: the exercise's answer {name} is shown unfolded "
                    "(tag it remove-input and hide-output)")
