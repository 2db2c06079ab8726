"""Showing the package's own code in the book, so the text and the library never disagree."""

from __future__ import annotations

import inspect

from IPython.display import Markdown


def show_source(obj: object) -> Markdown:
    """The source of a function or class of the package, as a highlighted code block.

    A chapter calls `show_source(softmax)` instead of retyping the code it explains.
    """
    return Markdown(f"```python\n{inspect.getsource(obj).rstrip()}\n```")
