"""The drawing helpers the book's diagrams share: one SVG element per call, as a string.

Every helper writes its attributes in a fixed order and formats numbers as Python does, so
the same call always gives the same bytes (the committed SVG files are compared byte for byte
with what the generator writes).
"""

from __future__ import annotations

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
INK = "#1f2328"  # the text
MUTED = "#374151"  # secondary text: shapes, notes
BLUE, BLUE_FILL = "#2b5fa8", "#e8f0fb"
RED, RED_FILL = "#b03024", "#fdecea"
GOLD, GOLD_FILL = "#9a6b00", "#fff4d6"
GREEN, GREEN_FILL = "#2f7d4f", "#e6f4ea"
GREY, GREY_FILL = "#6b7280", "#f3f4f6"
ORANGE, ORANGE_FILL = "#b35c00", "#fde2c8"
PURPLE, PURPLE_FILL = "#6d3fa0", "#ebdff7"
# the arrowheads every diagram defines, named `<id>-arrow-<name>`
ARROW_COLOURS = (("blue", BLUE), ("red", RED), ("gold", GOLD), ("grey", GREY), ("green", GREEN))


def escape(s: str) -> str:
    """Text safe inside an SVG element: `a < b & c` -> `a &lt; b &amp; c`."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _marker(diagram: str, name: str, colour: str) -> str:
    return (f'<marker id="{diagram}-arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>')


def open_svg(width: float, height: float, diagram: str, title: str, desc: str) -> list[str]:
    """The opening `<svg>`, its `<title>` and `<desc>` (what a screen reader says), the
    arrowheads and the white card behind the drawing.

    `diagram` prefixes every id, so that two diagrams on one page never share one.
    """
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{diagram}-title {diagram}-desc" font-family="{FONT}">',
        f'<title id="{diagram}-title">{escape(title)}</title>',
        f'<desc id="{diagram}-desc">{escape(desc)}</desc>',
        "<defs>" + "".join(_marker(diagram, n, c) for n, c in ARROW_COLOURS) + "</defs>",
        f'<rect x="1" y="1" width="{width - 2}" height="{height - 2}" rx="14" fill="#ffffff" '
        f'stroke="#d0d7de" stroke-width="2"/>',
    ]


def close_svg(head: list[str], body: list[str]) -> str:
    """The whole file: `head` (from `open_svg`), `body`, `</svg>`, one element a line."""
    return "\n".join([*head, *body, "</svg>"]) + "\n"


def _extra(**attributes: object) -> str:
    # optional attributes, left out when None, in the order given
    return "".join(f' {name.replace("_", "-")}="{value}"'
                   for name, value in attributes.items() if value is not None)


def text(x: float, y: float, s: str, size: int = 15, fill: str = INK, anchor: str = "start",
         weight: str | None = None, style: str | None = None) -> str:
    """One line of text, its baseline at `y`; `anchor` is start, middle or end."""
    return (f'<text x="{x}" y="{y}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"'
            f'{_extra(font_weight=weight, font_style=style)}>{escape(s)}</text>')


def box(x: float, y: float, w: float, h: float, stroke: str, fill: str, rx: float = 8,
        dash: str | None = None, sw: float = 2) -> str:
    """A rounded rectangle; `dash` is a stroke-dasharray such as `"4 3"`."""
    return (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{sw}"{_extra(stroke_dasharray=dash)}/>')


def arrow(x1: float, y1: float, x2: float, y2: float, colour: str, marker: str,
          sw: float = 2.5, dash: str | None = None) -> str:
    """A straight arrow from (x1, y1) to (x2, y2); `marker` is an arrowhead's id."""
    return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
            f'stroke-width="{sw}"{_extra(stroke_dasharray=dash)} marker-end="url(#{marker})"/>')


def path(d: str, colour: str, marker: str | None = None, sw: float = 2.5,
         dash: str | None = None) -> str:
    """An unfilled path (`d` in SVG's path language), with an arrowhead if `marker` is given."""
    end = f"url(#{marker})" if marker else None
    return (f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{sw}"'
            f'{_extra(stroke_dasharray=dash, marker_end=end)}/>')
