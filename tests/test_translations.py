"""The site in Hungarian and Chinese: every catalogue is complete and current, every
translation keeps what must not change, and an exercise with translated instructions is
graded exactly as the English one.

The build itself (all four languages with -W) is in test_book.py, the pages in a browser in
test_site_browser.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from course_tree import REPO, assignments

from pixels_to_gpt.exercise_translations import (
    language_code,
    translate_markdown,
    translate_notebook,
    translations,
)
from pixels_to_gpt.site import extract_messages
from pixels_to_gpt.translations import (
    LANGUAGES,
    LOCALES,
    THEME_CATALOGUE,
    catalogue,
    catalogue_problems,
    markdown,
    message_problems,
)


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> dict[str, set[str]]:
    """page -> its English messages, extracted now from the sources (Sphinx's gettext)."""
    out = tmp_path_factory.mktemp("gettext")
    assert extract_messages(out) == 0, "Sphinx's gettext builder failed on the book"
    pages = {}
    for pot in out.rglob("*.pot"):
        with open(pot, "rb") as f:
            pages[pot.relative_to(out).with_suffix("").as_posix()] = {
                m.id for m in read_po(f) if m.id}
    assert "book/ch07_sampling" in pages and "exercises/ch07_sampling/sampling" in pages
    return pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_is_complete_and_current(english, language):
    """No page without its catalogue, no message untranslated, fuzzy, stale or broken."""
    problems = []
    for page, messages in sorted(english.items()):
        path = catalogue(language, page)
        if not path.is_file():
            problems.append(f"{page}: no catalogue (run python -m pixels_to_gpt.site "
                            "catalogues, then translate)")
            continue
        problems += [f"{page}: {problem}" for problem in catalogue_problems(path, messages)]
    for path in sorted((LOCALES / language / "LC_MESSAGES").rglob("*.po")):
        page = path.relative_to(LOCALES / language / "LC_MESSAGES").with_suffix("").as_posix()
        if page == THEME_CATALOGUE:
            problems += [f"the theme's words: {problem}"
                         for problem in catalogue_problems(path, _theme_messages(path))]
        elif page not in english:
            problems.append(f"{page}: a catalogue of a page the book no longer has")
    assert not problems, f"{len(problems)} problems in {language}:\n" + "\n".join(problems[:25])


def _theme_messages(path) -> set[str]:
    """The theme's words that `path` translates, each still one the theme uses."""
    import pydata_sphinx_theme

    pot = Path(pydata_sphinx_theme.__file__).parent / "locale" / "sphinx.pot"
    with open(pot, "rb") as f:
        theme = {m.id for m in read_po(f) if m.id}
    with open(path, "rb") as f:
        ours = {m.id for m in read_po(f) if m.id}
    return ours & theme


@pytest.mark.parametrize(("msgstr", "problem"), [
    ("", "not translated"),
    ("7. A logitoktól a szövegig", "not as one paragraph"),
    ("- a softmax", "not as one paragraph"),
    ("## Cím", "not as one paragraph"),
    ("A `softmax` és a $p$.", "lost code `top_k`"),
    ("A `softmax`, `top_k` és a $q$.", "lost math $p$"),
    ("A `softmax`, `top_k`, $p$ és {term}`hőmérséklet <heat>`.",
     "lost {term} pointing at 'temperature'"),
    ("A `softmax`, `top_k`, $p$, {term}`hőmérséklet <temperature>` és [itt](other.md).",
     "lost link to ch07_sampling.ipynb"),
    ("A `softmax`, `top_k`, `x`, $p$, {term}`hőmérséklet <temperature>`, "
     "[itt](ch07_sampling.ipynb).", "added code `x`"),
])
def test_a_translation_that_breaks_a_rule_is_reported(msgstr, problem):
    msgid = ("The `softmax`, `top_k`, $p$, {term}`temperature` and "
             "[here](ch07_sampling.ipynb).")
    problems = message_problems(msgid, msgstr)
    assert any(problem in p for p in problems), problems


def test_a_faithful_translation_has_no_problems():
    msgid = "7. From logits to text, with {term}`logits <logit>`, `x[0]` and $e^x$"
    assert message_problems(msgid, "7\\. A logitoktól, {term}`logitok <logit>`, `x[0]` és "
                                   "$e^x$") == []
    assert message_problems("The {term}`softmax`.", "{term}`软最大 <softmax>`。") == []


def test_a_displayed_formula_is_kept_as_it_is():
    formula = "z_1 = x W_1 + b_1,\\quad\nh_1 = \\tanh(z_1)"
    assert message_problems(formula, formula) == []
    assert message_problems(formula, formula.replace("\n", " ")) == [
        "a displayed formula: keep it exactly as it is"]


def test_fuzzy_stale_and_missing_messages_are_reported(tmp_path):
    cat = Catalog(locale="hu")
    cat.add("Kept", "Megmaradt")
    cat.add("Changed in English", "Régi fordítás", flags=["fuzzy"])
    cat.add("Gone from the page", "Eltűnt")
    path = tmp_path / "page.po"
    with open(path, "wb") as f:
        write_po(f, cat)
    problems = catalogue_problems(path, {"Kept", "Changed in English", "New on the page"})
    assert any(p.startswith("fuzzy") and "Changed" in p for p in problems), problems
    assert any(p.startswith("stale") and "Gone" in p for p in problems), problems
    assert any(p.startswith("missing") and "New on" in p for p in problems), problems
    assert not any("Kept" in p for p in problems), problems


def _messages_in(nb: dict) -> set[str]:
    """The messages Sphinx would take from the notebook's Markdown cells."""
    found = set()
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for token in markdown().parse("".join(cell["source"])):
                if token.type == "inline":
                    found.add(token.content.replace("\n", " ").strip())
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("assignment", assignments())
def test_an_exercise_notebook_gets_every_translation_and_keeps_its_code(language, assignment):
    for path in sorted((REPO / "exercises" / assignment).glob("*.ipynb")):
        page = f"exercises/{assignment}/{path.stem}"
        nb = json.loads(path.read_text(encoding="utf-8"))
        table = translations(language, page)
        wanted = {msgid: msgstr for msgid, msgstr in table.items()
                  if msgid in _messages_in(nb)}
        assert wanted, f"no translations for {page} in {language}"
        translated = translate_notebook(nb, language, page)
        assert len(translated["cells"]) == len(nb["cells"])
        text = "\n".join("".join(c["source"]) for c in translated["cells"])
        missed = [msgstr for msgstr in wanted.values()  # (in a table, | is written \|)
                  if msgstr not in text and msgstr.replace("|", "\\|") not in text]
        assert not missed, f"{len(missed)} translations did not reach {page}: {missed[:3]}"
        for before, after in zip(nb["cells"], translated["cells"], strict=True):
            if before["cell_type"] != "markdown":
                assert after == before, "a code or test cell changed"
            else:
                meta_before = dict(before["metadata"].get("nbgrader", {}), checksum=None)
                assert dict(after["metadata"].get("nbgrader", {}), checksum=None) \
                    == meta_before
        # nbgrader's Validate reports a read-only cell whose checksum does not match
        from nbgrader.utils import compute_checksum, is_locked

        for cell in nbformat.reads(json.dumps(translated), as_version=4).cells:
            if "nbgrader" in cell.metadata and is_locked(cell) \
                    and "checksum" in cell.metadata.nbgrader:
                assert compute_checksum(cell) == cell.metadata.nbgrader["checksum"]


def test_translating_twice_or_without_a_catalogue_changes_nothing_more():
    text = ("A paragraph\nof two lines.\n\n| a | b |\n|---|---|\n| `x` | cell text |\n"
            "| `y` | cut at `<\\|end\\|>` |\n\n- a list item\n  on two lines\n")
    table = {"A paragraph of two lines.": "Egy bekezdés.", "cell text": "cella",
             "cut at `<|end|>`": "vágva `<|end|>`-nél", "a list item on two lines": "elem"}
    once, done = translate_markdown(text, table)
    assert done == 4 and once.startswith("Egy bekezdés.\n"), once
    assert "| `x` | cella |" in once and "| `y` | vágva `<\\|end\\|>`-nél |" in once, once
    assert once.endswith("\n- elem\n"), once
    assert translate_markdown(once, table) == (once, 0)
    assert translate_markdown(text, {}) == (text, 0)


def test_language_names_are_read_leniently_and_refused_clearly():
    assert language_code("zh-CN") == language_code("zh_cn") == "zh_CN"
    assert language_code("hu") == "hu"
    with pytest.raises(ValueError, match="no translation into 'fr'.*hu, zh_CN, zh_TW"):
        language_code("fr")


def _notebook(nb: dict) -> nbformat.NotebookNode:
    return nbformat.reads(json.dumps(nb), as_version=4)


def test_translated_instructions_are_graded_exactly_as_the_english(tmp_path):
    """One nbgrader autograde run: the reference answers in every language's notebook get the
    English notebook's full marks, and an untouched translated notebook its zero."""
    from pixels_to_gpt_grader.course import Course

    assignment = "ch07_sampling"
    course = Course.create(tmp_path, REPO, assignment)
    page = f"exercises/{assignment}/{course.notebook}"
    english, untouched = course.submission(), course.submission(use_reference=False)
    submissions = {"english": english, "english_untouched": untouched}
    for language in LANGUAGES:
        submissions[f"{language}_reference"] = _notebook(
            translate_notebook(english, language, page))
    submissions["hu_untouched"] = _notebook(translate_notebook(untouched, "hu", page))
    scores = course.autograde(submissions)
    full = {grade_id: (points, points) for grade_id, points in course.test_points().items()}
    assert scores["english"] == full
    for language in LANGUAGES:
        assert scores[f"{language}_reference"] == full, language
    assert scores["hu_untouched"] == scores["english_untouched"]
    assert all(score == 0 for score, _ in scores["hu_untouched"].values())
