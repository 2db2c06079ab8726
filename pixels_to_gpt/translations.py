"""The course in other languages: the catalogues in book/locales and the rules they keep.

The English text is the source. Sphinx's gettext builder cuts each page into messages (a
paragraph, a heading, a list item, a caption, a glossary entry), written in MyST Markdown;
a language's translation of a page is `book/locales/<language>/LC_MESSAGES/<page>.po`.
Code cells, identifiers and outputs are not messages: every language shows the same ones,
from the same execution. `book/locales/README.md` says how to update a catalogue and which
word each language uses for each of the course's terms.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOCALES = REPO / "book" / "locales"

# Sphinx's language codes -> the name a reader of that language looks for in the switcher
LANGUAGES = {"hu": "Magyar", "zh_CN": "简体中文", "zh_TW": "繁體中文"}
ENGLISH = "English"
# A language's catalogue of the theme's own words ("Back to top"), where the theme has none:
# Sphinx reads the domain "sphinx" from book/locales first.
THEME_CATALOGUE = "sphinx"


def web_code(language: str) -> str:
    """The page's `lang` and the site's folder for a language: zh_CN -> zh-CN (BCP 47)."""
    return language.replace("_", "-")


@cache
def markdown():  # a markdown_it.MarkdownIt, imported only when needed
    """A Markdown parser that cuts blocks as MyST does for the book (_config.yml's
    `myst_enable_extensions`), from markdown-it-py's plugins alone: students, who have no
    Sphinx, use it to translate their exercise notebooks."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.myst_blocks import myst_block_plugin
    from mdit_py_plugins.myst_role import myst_role_plugin

    return (MarkdownIt("commonmark").enable("table").use(myst_role_plugin)
            .use(myst_block_plugin).use(dollarmath_plugin).use(amsmath_plugin)
            .use(colon_fence_plugin).use(deflist_plugin))


def _role_target(name: str, content: str) -> str:
    """What a role points at: `text <target>` -> target; a bare `target` is its own."""
    if content.endswith(">") and " <" in content:
        return content[content.rindex(" <") + 2:-1]
    return content


def _fixed_parts(text: str) -> tuple[list, Counter]:
    """The block structure of a message, and what a translation must keep as it is.

    Kept: inline code, maths, link targets, what each role ({term}, {ref}, {doc}) points at,
    and HTML tags. The words around them (a role's shown text included) are translated.
    """
    tokens = markdown().parse(text)
    blocks = [token.type for token in tokens if token.level == 0 and token.nesting >= 0]
    kept: Counter = Counter()
    for token in tokens:
        for child in token.children or ():
            if child.type in ("code_inline", "math_inline", "math_inline_double"):
                kept[f"{child.type.split('_')[0]} {child.markup}{child.content}{child.markup}"] += 1
            elif child.type == "link_open":
                kept[f"link to {child.attrs.get('href')}"] += 1
            elif child.type == "myst_role":
                name = child.meta.get("name")
                kept[f"{{{name}}} pointing at {_role_target(name, child.content)!r}"] += 1
            elif child.type == "html_inline":
                kept[f"HTML {child.content}"] += 1
    return blocks, kept


def message_problems(msgid: str, msgstr: str) -> list[str]:
    """What is wrong with `msgstr` as a translation of `msgid` (an empty list: nothing).

    Sphinx uses a translation only if it reads as one paragraph: one that begins like a
    list ("7. A ...") or a heading is dropped without a warning, so it is reported here
    (write "7\\. A ..."). Code, maths, links and the targets of roles must come through
    unchanged: a reader follows the same links and sees the same code in every language.
    """
    if not msgstr.strip():
        return ["not translated"]
    if "\n" in msgid:  # only a displayed formula keeps its lines: it is maths, not words
        return [] if msgstr == msgid else ["a displayed formula: keep it exactly as it is"]
    problems = []
    blocks, kept = _fixed_parts(msgstr)
    if blocks != ["paragraph_open"]:
        problems.append(f"reads as {' + '.join(b.removesuffix('_open') for b in blocks)}, "
                        "not as one paragraph: Sphinx would drop it (escape a leading "
                        "'7.' as '7\\.', a leading '-', '#' or '>' with a backslash)")
    _, wanted = _fixed_parts(msgid)
    for part in sorted((wanted - kept).keys()):
        problems.append(f"lost {part}")
    for part in sorted((kept - wanted).keys()):
        problems.append(f"added {part}")
    return problems


def catalogue(language: str, page: str, locales: Path = LOCALES) -> Path:
    """The .po file of one page (a docname such as 'book/ch07_sampling') in one language."""
    return locales / language / "LC_MESSAGES" / f"{page}.po"


def catalogue_problems(po_file: Path, source_messages: set[str]) -> list[str]:
    """Every reason a catalogue is not ready, against the messages of its English page.

    Untranslated, fuzzy (a translation of an older English text, marked by the update), a
    message the page no longer has or one it has that the catalogue lacks (stale), and a
    translation that breaks `message_problems`' rules.
    """
    from babel.messages.pofile import read_po

    with open(po_file, "rb") as f:
        messages = [m for m in read_po(f) if m.id]
    problems = []
    ids = {m.id for m in messages}
    for msgid in sorted(source_messages - ids):
        problems.append(f"missing (the English page has it): {msgid[:70]!r}")
    for msgid in sorted(ids - source_messages):
        problems.append(f"stale (the English page no longer has it): {msgid[:70]!r}")
    for message in messages:
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id[:70]!r}")
        elif message.id in source_messages:
            problems.extend(f"{message.id[:70]!r}: {problem}"
                            for problem in message_problems(message.id, message.string))
    return problems
