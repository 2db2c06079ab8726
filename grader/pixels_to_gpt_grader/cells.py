"""Text from students made safe for the report's files: one line, no spreadsheet formula,
no Markdown structure (`report.py`, and `export.py` for Canvas's and Moodle's files)."""

from __future__ import annotations

import re
import unicodedata

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&$#!])")


def one_line(text: object) -> str:
    """`text` on one line: control and line-separator characters become spaces."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
                   for c in str(text))


def csv_cell(text: object) -> str:
    """A text cell no spreadsheet runs as a formula (OWASP's CSV injection advice)."""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def md(text: object) -> str:
    """Text for inside a Markdown line or table cell: structure characters escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))
