"""Exercise notebooks whose instructions are in another language, for JupyterLab.

The website translates an exercise page with its catalogue,
`book/locales/<language>/LC_MESSAGES/exercises/<assignment>/<notebook>.po`. Here the same
catalogue translates the notebook itself: each Markdown cell is cut into messages as Sphinx
cuts it (paragraphs, headings, list items, table cells), and each message with a translation
is replaced. Code cells, test cells and every cell's metadata stay as they are, so the
notebook is graded by the same hidden tests.

A read-only (locked) Markdown cell that is translated gets its nbgrader checksum computed
again, so that nbgrader's Validate does not report it as changed; grading puts the English
cell back from the gradebook, which changes nothing in the grade.

`python -m pixels_to_gpt workspace --language hu` (`make student LANGUAGE=hu`) gives a student
these notebooks in `work/`.
"""

from __future__ import annotations

import copy
from pathlib import Path

from pixels_to_gpt.translations import LANGUAGES, LOCALES, catalogue, markdown


def language_code(given: str) -> str:
    """'zh-CN', 'zh_cn' or 'zh_CN' -> 'zh_CN'; a clear error for a language the course lacks."""
    for code in LANGUAGES:
        if given.replace("-", "_").lower() == code.lower():
            return code
    raise ValueError(f"the course has no translation into {given!r}: choose one of "
                     f"{', '.join(LANGUAGES)} (or leave the language out for English)")


def translations(language: str, page: str, locales: Path = LOCALES) -> dict[str, str]:
    """msgid -> msgstr for one page (a docname: 'exercises/ch07_sampling/sampling'): the
    finished translations only (not empty, not fuzzy)."""
    from babel.messages.pofile import read_po

    path = catalogue(language, page, locales)
    if not path.is_file():
        return {}
    with open(path, "rb") as f:
        return {m.id: m.string for m in read_po(f)
                if m.id and m.string and not m.fuzzy and m.string != m.id}


def translate_markdown(text: str, table: dict[str, str]) -> tuple[str, int]:
    """`text` with every message of `table` in it translated, and how many were.

    A message is the inline text of a block, its line breaks read as spaces (as Sphinx reads
    it). A one-line block (a heading, a table row, a short paragraph) has the message
    replaced where it stands; a paragraph of several lines becomes one line, after the first
    line's own prefix (a list marker, an indent).
    """
    lines = text.split("\n")
    done = 0
    tokens = markdown().parse(text)
    # from the end backwards: a replaced paragraph changes the number of lines after it
    for inline in reversed(tokens):
        # the lines of its block (a table cell's are its row's)
        if inline.type != "inline" or not inline.content.strip() or inline.map is None:
            continue
        start, end = inline.map
        msgstr = table.get(inline.content.replace("\n", " ").strip())
        if msgstr is None:
            continue
        if end - start == 1 or "\n" not in inline.content:
            source = inline.content
            if source not in lines[start]:  # in a table row a | inside the text is written \|
                source, msgstr = source.replace("|", "\\|"), msgstr.replace("|", "\\|")
            if source in lines[start]:
                lines[start] = lines[start].replace(source, msgstr, 1)
                done += 1
            continue
        first = inline.content.split("\n", 1)[0]
        if first not in lines[start]:
            continue
        prefix = lines[start][:lines[start].index(first)]
        lines[start:end] = [prefix + msgstr]
        done += 1
    return "\n".join(lines), done


def translate_notebook(nb: dict, language: str, page: str, locales: Path = LOCALES) -> dict:
    """A copy of the notebook `nb` (nbformat JSON as a dict) with its Markdown cells in
    `language`, from the catalogue of `page` in `locales`; a cell without translations stays
    as it was."""
    table = translations(language, page, locales)
    nb = copy.deepcopy(nb)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown" or not table:
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        translated, done = translate_markdown(text, table)
        if not done:
            continue
        cell["source"] = translated.splitlines(keepends=True)
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta and "checksum" in meta:
            meta["checksum"] = _checksum(cell)
    return nb


def _checksum(cell: dict) -> str:
    """nbgrader's checksum of a cell (what its Validate compares for read-only cells)."""
    import nbformat
    from nbgrader.utils import compute_checksum

    source = cell["source"]
    joined = {**cell, "source": "".join(source) if isinstance(source, list) else source}
    return compute_checksum(nbformat.from_dict(joined))


def translate_folder(folder: Path, assignment: str, language: str,
                     locales: Path = LOCALES) -> None:
    """Translate, in place, every notebook of a copy of `exercises/<assignment>/`."""
    import json

    for path in sorted(folder.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        nb = translate_notebook(nb, language, f"exercises/{assignment}/{path.stem}", locales)
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
