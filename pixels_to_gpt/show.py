"""Showing the package's own code in the book, so the text and the library never disagree."""

from __future__ import annotations

import inspect
from pathlib import Path

from IPython.display import Markdown

PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # the folder holding pixels_to_gpt/


def source_file(obj: object) -> tuple[str, int]:
    """Where obj is defined: ('pixels_to_gpt/sampling.py', 24), its file and first line."""
    path = Path(inspect.getsourcefile(obj) or "").resolve()
    _, line = inspect.getsourcelines(obj)
    try:
        name = path.relative_to(PACKAGE_ROOT).as_posix()
    except ValueError:  # defined outside the package (in a notebook, say)
        name = path.name
    return name, line


def show_source(obj: object) -> Markdown:
    """The source of a function or class of the package, labelled with its file, highlighted.

    A chapter calls `show_source(softmax)` instead of retyping the code it explains. On the
    website the listing wraps its long lines to the page (book/_static/course_site.css).
    """
    name, line = source_file(obj)
    code = inspect.getsource(obj).rstrip()
    return Markdown(f"From `{name}`, line {line}:\n\n```python\n{code}\n```")
