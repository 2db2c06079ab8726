"""Chapter 8: one generation step without and with the KV cache.

`images/kv_cache_step.svg`: two panels for the same step (the text so far is "ROMEO:").
Without a cache every position goes through the model again; with it only the new one does,
and its key and value are appended to those kept from earlier steps.
"""

from __future__ import annotations

from pixels_to_gpt.diagrams import svg
from pixels_to_gpt.diagrams.svg import BLUE, BLUE_FILL, GREY, INK, MUTED, ORANGE, ORANGE_FILL

W = 400
CW, CH = 38, 32  # one position's cell
X0 = 140  # position 0's left edge
TOKENS = list("ROMEO:")
N = len(TOKENS)
FAINT, QUIET = "#9ca3af", "#6b7280"  # what is not computed, and what is kept
TITLE = "One generation step without and with the KV cache"
DESC = (
    "Two panels, one generation step each; the text so far is ROMEO: and the colon was just "
    "drawn. Without a cache: all six tokens, positions 0 to 5, go through the model; in each "
    "of the 4 layers the keys and values of all six positions are computed, five of them "
    "exactly as in the step before; logits come out for all six positions and only the last "
    "is kept; the next step processes 7 positions, then 8. With the KV cache: only the colon "
    "goes in, at position 5; in each layer its key and value are appended to the cache, which "
    "holds the keys and values of positions 0 to 4 from earlier steps, and its query attends "
    "to all six; one row of logits comes out. One position goes through the model per step, "
    "and the cache grows by one."
)
# the sentences under each panel
WITHOUT_CACHE = ["all 6 positions go through the model again;",
                 "only the last one’s logits are kept;", "the next step takes 7, then 8, …"]
WITH_CACHE = ["1 position goes through the model;", "its new key and value are appended",
              "to the cache, which grows by 1 a step"]


def _cx(i: int) -> float:
    """The centre of position i's column."""
    return X0 + i * CW + CW / 2


def _cell(i: int, y: float, label: str, stroke: str, fill: str, colour: str = INK,
          dash: str | None = None, bold: bool = False, size: int = 15) -> list[str]:
    """Position i's cell in a row starting at y."""
    return [svg.box(X0 + i * CW + 2, y, CW - 4, CH, stroke, fill, rx=5, dash=dash, sw=1.8),
            svg.text(_cx(i), y + 21, label, size, colour, "middle", "bold" if bold else None)]


def _row_label(y: float, lines: list[str]) -> list[str]:
    """The name of a row, on the left."""
    return [svg.text(18, y + 13 + 18 * k, line, 14, MUTED) for k, line in enumerate(lines)]


def _down(y1: float, y2: float, i: int) -> str:
    return svg.arrow(_cx(i), y1, _cx(i), y2, GREY, "kv-arrow-grey", sw=2)


def _panel(y: float, title: str, cached: bool) -> tuple[list[str], float]:
    """One panel from y down: (its elements, the y of its bottom edge)."""
    y0 = y
    new = N - 1  # the position just drawn
    goes_in = [i for i in range(N) if not cached or i == new]  # the positions computed
    out = [svg.text(24, y + 28, title, 16, INK, weight="bold")]
    y += 46
    out += _row_label(y, ["input", "tokens"])
    for i, token in enumerate(TOKENS):
        if cached and i != new:
            out += _cell(i, y, token, FAINT, "#ffffff", FAINT, dash="4 3")
        else:
            out += _cell(i, y, token, BLUE, BLUE_FILL if i == new else "#ffffff", INK,
                         bold=i == new)
        out.append(svg.text(_cx(i), y + CH + 16, str(i), 14, QUIET, "middle"))
    y += CH + 22
    out.append(svg.text(18, y + 13, "position", 14, QUIET))
    y += 4
    out += [_down(y, y + 30, i) for i in goes_in]
    y += 34
    model_top = y
    y += 10
    out += _row_label(y, ["keys and", "values, in", "each of the", "4 layers"])
    for i in range(N):
        if i == new:
            out += _cell(i, y, "k,v", ORANGE, ORANGE_FILL, INK, bold=True, size=14)
        elif cached:
            out += _cell(i, y, "k,v", QUIET, "#e5e7eb", MUTED, size=14)
        else:
            out += _cell(i, y, "k,v", ORANGE, "#fff7ef", MUTED, dash="4 3", size=14)
    y += CH + 8
    # a bracket under the earlier positions' keys and values
    out.append(svg.path(f"M{X0 + 2},{y} v6 H{X0 + (N - 1) * CW - 2} v-6",
                    QUIET if cached else ORANGE, sw=1.8))
    out += [svg.text(X0 + (N - 1) * CW / 2, y + 24,
                 "kept from earlier steps" if cached else "the same as last step", 14, MUTED,
                 "middle"),
            svg.text(_cx(new), y + 24, "new", 14, ORANGE, "middle", "bold"),
            svg.text(X0 + 2, y + 46,
                 "its query attends to all 6" if cached else "and the MLP runs on all 6", 14, INK)]
    y += 58
    # the model's frame goes beneath what is in it
    out.insert(0, svg.box(X0 - 6, model_top, N * CW + 12, y - model_top, GREY, "#fcfcfd", rx=8))
    y += 4
    out += [_down(y, y + 26, i) for i in goes_in]
    y += 30
    out += _row_label(y, ["logits out"])
    for i in goes_in:
        if i == new:
            out += _cell(i, y, "next", BLUE, BLUE_FILL, INK, bold=True, size=14)
        else:  # computed, and thrown away
            out += _cell(i, y, "×", FAINT, "#f3f4f6", FAINT)
    y += CH + 10
    lines = WITH_CACHE if cached else WITHOUT_CACHE
    out += [svg.text(24, y + 16 + 19 * k, line, 14, INK) for k, line in enumerate(lines)]
    y += 16 + 19 * len(lines) + 4
    # and the panel's card beneath everything
    return [svg.box(10, y0, W - 20, y - y0, "#d0d7de", "#f8fafc", rx=10), *out], y


def draw() -> str:
    """The SVG file's text."""
    out = [svg.text(W / 2, 32, "One generation step", 18, INK, "middle", "bold"),
           svg.text(W / 2, 54, "the text so far is “ROMEO:”; “:” was", 14, MUTED, "middle"),
           svg.text(W / 2, 73, "just drawn, and the model predicts what follows", 14, MUTED,
                "middle")]
    without, y = _panel(90, "Without a cache", cached=False)
    with_cache, y = _panel(y + 14, "With the KV cache", cached=True)
    return svg.close_svg(svg.open_svg(W, y + 14, "kv", TITLE, DESC), out + without + with_cache)
