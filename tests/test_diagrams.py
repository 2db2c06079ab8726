"""The book's diagrams are drawn by code: the committed SVG files are exactly what
`python -m pixels_to_gpt.diagrams` writes, and each is accessible and self-contained."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.dom import minidom

import pytest
from course_tree import REPO

from pixels_to_gpt.diagrams import DIAGRAMS

IMAGES = REPO / "book" / "images"
COMMAND = "python -m pixels_to_gpt.diagrams"


def test_the_committed_diagrams_are_what_the_code_draws(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "pixels_to_gpt.diagrams", str(tmp_path)],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, f"{COMMAND} failed:\n{run.stderr}"
    stale = [name for name in DIAGRAMS
             if not (IMAGES / name).is_file()
             or (IMAGES / name).read_bytes() != (tmp_path / name).read_bytes()]
    assert not stale, (f"book/images/ {', '.join(stale)}: missing or not what "
                       f"pixels_to_gpt/diagrams/ draws. Run `{COMMAND}` and commit the SVG "
                       "files together with the code.")


def test_every_svg_of_book_images_is_drawn_by_code() -> None:
    by_hand = sorted(p.name for p in IMAGES.glob("*.svg") if p.name not in DIAGRAMS)
    assert not by_hand, (f"book/images/ {', '.join(by_hand)}: not drawn by "
                         "pixels_to_gpt/diagrams/. Every figure is made by code: add a module "
                         "that draws it and list it in DIAGRAMS (pixels_to_gpt/diagrams/"
                         "__init__.py).")


def _elements(node: minidom.Node) -> list[minidom.Element]:
    found: list[minidom.Element] = []
    for child in node.childNodes:
        if child.nodeType == child.ELEMENT_NODE:
            found += [child, *_elements(child)]
    return found


@pytest.mark.parametrize("name", list(DIAGRAMS))
def test_a_diagram_has_a_title_and_a_description_and_loads_nothing(name: str) -> None:
    svg = minidom.parse(str(IMAGES / name)).documentElement
    assert svg.tagName == "svg"
    children = {c.tagName: c for c in svg.childNodes if c.nodeType == c.ELEMENT_NODE}
    for tag in ("title", "desc"):
        words = children[tag].firstChild.data.strip() if tag in children else ""
        assert words, f"{name}: no <{tag}> under <svg>: a screen reader has nothing to say"
    assert svg.getAttribute("role") == "img"
    labelled_by = svg.getAttribute("aria-labelledby").split()
    assert labelled_by == [children["title"].getAttribute("id"),
                           children["desc"].getAttribute("id")], \
        f"{name}: aria-labelledby must name the <title>'s and the <desc>'s ids"
    for element in _elements(svg):
        assert element.tagName.split(":")[-1] not in ("script", "foreignObject"), \
            f"{name}: a <{element.tagName}> element: a diagram is a picture, not a program"
        for attribute, value in element.attributes.items():
            assert not attribute.lower().startswith("on"), \
                f"{name}: <{element.tagName} {attribute}=...>: no event handlers (scripts)"
            if attribute.split(":")[-1] == "href":
                assert value.startswith("#"), \
                    f"{name}: <{element.tagName} {attribute}={value!r}>: an external link"
            if "url(" in value:
                assert "url(#" in value and value.count("url(") == value.count("url(#"), \
                    f"{name}: <{element.tagName} {attribute}={value!r}>: an external link"
