"""Chapter 4: splitting the channels into heads with `view` and `transpose`, and back.

`images/heads_split_merge.svg`: one sequence of chapter 4's example, its 40 numbers followed
through `view`, `transpose`, attention and `merge_heads`; each head's channels keep one colour.
"""

from __future__ import annotations

from pixels_to_gpt.diagrams import svg
from pixels_to_gpt.diagrams.svg import GOLD, GOLD_FILL, GREY, INK, MUTED

W = 400
CW, CH = 36, 24  # one number's cell
T, C, NH, HS = 5, 8, 4, 2  # tokens, channels, heads, channels per head
GX = 56  # the grids' left edge
# (fill, stroke) of each head's cells
HEADS = [("#dbe9fb", "#2b5fa8"), ("#fde2c8", "#b35c00"), ("#d9f2e0", "#2f7d4f"),
         ("#ebdff7", "#6d3fa0")]
TITLE = "Splitting the channels into heads with view and transpose, and merging them back"
DESC = (
    "Four stages, top to bottom, for one sequence of chapter 4’s example (B = 2, T = 5, C = 8, "
    "4 heads). First x, 5 tokens by 8 channels, numbered 0 to 39 row by row; channels 0–1 are "
    "coloured for head 1, 2–3 for head 2, 4–5 for head 3, 6–7 for head 4. x.view(B, T, nh, hs) "
    "gives shape (2, 5, 4, 2): the same numbers in the same order, each token’s row cut into "
    "four pairs. .transpose(1, 2) gives (2, 4, 5, 2): four separate 5-by-2 matrices, one per "
    "head; head 2 holds channels 2 and 3 of every token (2, 3; 10, 11; and so on). Attention "
    "runs on all heads at once as a batch. merge_heads transposes back and reshapes to "
    "(2, 5, 8): the same grid as at the start. The course’s model has C = 128 and 4 heads of 32 "
    "channels."
)


def _cell(x: float, y: float, number: int, head: int) -> list[str]:
    """One number in its head's colours."""
    fill, stroke = HEADS[head]
    return [f'<rect x="{x}" y="{y}" width="{CW}" height="{CH}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="1.2"/>',
            svg.text(x + CW / 2, y + 17, str(number), 14, INK, "middle")]


def _head_label(x: float, y: float, head: int) -> str:
    return svg.text(x, y, f"head {head + 1}", 14, HEADS[head][1], "middle", "bold")


def _grid(x0: float, y0: float, gap: float = 0, headers: bool = False,
          row_gap: float = 0) -> list[str]:
    """x for one sequence, (T, C): token t's channel c holds t * C + c.

    With `gap`, the heads' channels stand apart; with `row_gap`, the tokens do, each framed.
    """
    out = [svg.text(x0 - 6, y0 + t * (CH + row_gap) + 17, f"t{t}", 14, MUTED, "end")
           for t in range(T)]
    for t in range(T):
        for c in range(C):
            out += _cell(x0 + c * CW + c // HS * gap, y0 + t * (CH + row_gap), t * C + c, c // HS)
        if row_gap:
            out.append(svg.box(x0 - 3, y0 + t * (CH + row_gap) - 3, C * CW + (NH - 1) * gap + 6,
                           CH + 6, "#4b5563", "none", rx=4, sw=1.5))
    if headers:
        out += [_head_label(x0 + h * (HS * CW + gap) + HS * CW / 2, y0 - 8, h)
                for h in range(NH)]
    return out


def _per_head(x0: float, y0: float, gap: float) -> list[str]:
    """(nh, T, hs) for one sequence: a separate (T, hs) matrix per head, framed."""
    out: list[str] = []
    for h in range(NH):
        x = x0 + h * (HS * CW + gap)
        out.append(_head_label(x + HS * CW / 2, y0 - 8, h))
        for t in range(T):
            for j in range(HS):
                out += _cell(x + j * CW, y0 + t * CH, t * C + h * HS + j, h)
        out.append(svg.box(x - 3, y0 - 3, HS * CW + 6, T * CH + 6, HEADS[h][1], "none", rx=4, sw=2))
    return out + [svg.text(x0 - 8, y0 + t * CH + 17, f"t{t}", 14, MUTED, "end") for t in range(T)]


def _step(y: float, code: str, note: str) -> list[str]:
    """A downward arrow between two stages, with the code that does it."""
    return [svg.arrow(28, y, 28, y + 44, GREY, "heads-arrow-grey", sw=2.5),
            svg.text(42, y + 18, code, 15, INK, weight="bold"),
            svg.text(42, y + 38, note, 14, MUTED)]


def _shape(y: float, shape: str, note: str | None = None) -> list[str]:
    """A stage's heading: its shape, and a line saying what it is."""
    out = [svg.text(20, y + 12, shape, 15, INK, weight="bold")]
    return out if note is None else [*out, svg.text(20, y + 32, note, 14, MUTED)]


def draw() -> str:
    """The SVG file's text."""
    out = [svg.text(W / 2, 32, "Splitting into heads, and back", 18, INK, "middle", "bold"),
           svg.text(W / 2, 54, "chapter 4’s example: B = 2, T = 5, C = 8, nh = 4", 14, MUTED,
                "middle"),
           svg.text(W / 2, 73, "one sequence of the batch; rows t0–t4 are tokens", 14, MUTED,
                "middle")]
    y = 96
    out += _shape(y, "x: (B, T, C) = (2, 5, 8)") + _grid(GX, y + 24)
    y += 24 + T * CH + 12
    out += _step(y, "x.view(B, T, nh, hs)", "nothing moves: each row is cut in 4")
    y += 56
    out += _shape(y, "(B, T, nh, hs) = (2, 5, 4, 2)", "one row per token, 4 heads in each")
    out += _grid(GX, y + 64, gap=12, headers=True, row_gap=8)
    y += 64 + T * (CH + 8) + 6
    out += _step(y, ".transpose(1, 2)", "the head dimension moves next to B")
    y += 56
    out += _shape(y, "(B, nh, T, hs) = (2, 4, 5, 2)", "one (T, hs) matrix per head")
    out += _per_head(GX, y + 64, gap=14)
    y += 64 + T * CH + 14
    out += [svg.box(12, y, W - 24, 50, GOLD, GOLD_FILL, rx=8),
            svg.text(W / 2, y + 21, "attention runs on every head at once,", 14, INK, "middle"),
            svg.text(W / 2, y + 40, "as a batch: (B, nh, T, hs) in and out", 14, INK, "middle")]
    y += 62
    out += _step(y, "merge_heads: .transpose(1, 2)", "then .reshape(B, T, C): heads side by side")
    y += 56
    out += _shape(y, "back to (B, T, C) = (2, 5, 8)") + _grid(GX, y + 24)
    y += 24 + T * CH + 26
    out += [svg.text(W / 2, y, "The course’s model: C = 128 channels,", 14, MUTED, "middle"),
            svg.text(W / 2, y + 19, "nh = 4 heads of hs = 32 channels each.", 14, MUTED, "middle")]
    return svg.close_svg(svg.open_svg(W, y + 38, "heads", TITLE, DESC), out)
