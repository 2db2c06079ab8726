"""Chapter 5: the architecture of the course's GPT, top to bottom.

`images/gpt_architecture.svg`: the two embeddings added into the residual stream, the block
(layer norm, attention, add; layer norm, MLP, add) repeated 4 times, then the final layer
norm and the tied head giving the logits.
"""

from __future__ import annotations

from pixels_to_gpt.diagrams import svg
from pixels_to_gpt.diagrams.svg import (
    BLUE,
    BLUE_FILL,
    GREEN,
    GREEN_FILL,
    GREY,
    GREY_FILL,
    INK,
    MUTED,
    ORANGE,
    ORANGE_FILL,
    PURPLE,
    PURPLE_FILL,
)

W = 400
SX = 58  # the residual stream's x
BX, BW = 108, 268  # the sub-layers' boxes
BC = BX + BW / 2
STREAM = "#4b5563"
ARROW = "gpt-arrow-grey"
# a block's two sub-layers: (its layer norm, colours, the lines in its box)
SUBLAYERS = (
    ("ln_1", ORANGE, ORANGE_FILL,
     ["causal self-attention", "4 heads of 32 channels", "qkv 128 → 384, proj → 128"]),
    ("ln_2", PURPLE, PURPLE_FILL, ["MLP", "128 → 512, GELU, → 128"]),
)
TITLE = "The architecture of the course’s GPT"
DESC = (
    "A column of boxes, top to bottom. Token ids (B, T) go into the token embedding tok_emb "
    "(65 by 128), and the positions 0 to T−1 into the position embedding pos_emb (128 by 128); "
    "the two vectors are added: x (B, T, 128), the residual stream. Then a block, repeated 4 "
    "times: the stream branches off into ln_1, a layer norm, then causal self-attention with 4 "
    "heads of 32 channels (qkv 128 to 384, projection back to 128), whose output is added back "
    "to the stream; then ln_2, a layer norm, then the MLP (128 to 512, GELU, back to 128), "
    "added back to the stream. After the 4 blocks: ln_f, the final layer norm, and lm_head "
    "(128 to 65, the same matrix as the token embedding: weight tying), giving logits "
    "(B, T, 65), a score for every character at every position."
)


def _node(y: float, h: float, stroke: str, fill: str, lines: list[str], x: float = BX,
          w: float = BW) -> list[str]:
    """A box with a bold first line and smaller lines under it, centred."""
    cx = x + w / 2
    out = [svg.box(x, y, w, h, stroke, fill),
           svg.text(cx, y + 21, lines[0], 15, INK, "middle", "bold")]
    return out + [svg.text(cx, y + 41 + 19 * k, line, 14, MUTED, "middle")
                  for k, line in enumerate(lines[1:])]


def _plus(x: float, y: float) -> list[str]:
    """The circled + where a branch is added back into the stream."""
    return [f'<circle cx="{x}" cy="{y}" r="12" fill="#ffffff" stroke="{STREAM}" '
            f'stroke-width="2.5"/>',
            f'<path d="M{x - 6},{y} H{x + 6} M{x},{y - 6} V{y + 6}" stroke="{STREAM}" '
            f'stroke-width="2.5"/>']


def _sublayer(y: float, norm: str, stroke: str, fill: str,
              lines: list[str]) -> tuple[list[str], float]:
    """Branch off the stream at y, layer norm, the sub-layer, add back: (the elements, the y
    of the next branch)."""
    out = [svg.path(f"M{SX},{y} H{BC} V{y + 18}", STREAM, ARROW),
           f'<circle cx="{SX}" cy="{y}" r="4" fill="{STREAM}"/>']
    ly = y + 22
    out += _node(ly, 32, GREY, GREY_FILL, [f"{norm}: layer norm"])
    out.append(svg.arrow(BC, ly + 34, BC, ly + 52, STREAM, ARROW))
    sy = ly + 56
    h = 26 + 19 * len(lines)
    out += _node(sy, h, stroke, fill, lines)
    ay = sy + h + 26
    out.append(svg.path(f"M{BC},{sy + h + 2} V{ay} H{SX + 14}", STREAM, ARROW))
    out += _plus(SX, ay)
    return [*out, svg.text(SX + 20, ay - 8, "residual add", 14, MUTED)], ay + 30


def draw() -> str:
    """The SVG file's text."""
    out = [svg.text(W / 2, 32, "The course’s GPT", 18, INK, "middle", "bold"),
           svg.text(W / 2, 54, "V = 65 characters, context T ≤ 128,", 14, MUTED, "middle"),
           svg.text(W / 2, 73, "C = 128 channels, 4 blocks, 4 heads", 14, MUTED, "middle")]
    y = 90
    out += _node(y, 50, GREY, GREY_FILL, ["token ids idx", "(B, T), e.g. “ROMEO:”"], x=20, w=360)
    y += 50
    # the two embeddings side by side, added into the stream
    ey = y + 34
    out += [svg.arrow(110, y + 2, 110, ey - 3, STREAM, ARROW),
            svg.arrow(290, y + 2, 290, ey - 3, STREAM, ARROW),
            svg.text(282, y + 22, "positions 0 … T−1", 14, MUTED, "end"),
            svg.text(118, y + 22, "ids", 14, MUTED)]
    out += _node(ey, 66, GREEN, GREEN_FILL, ["tok_emb", "token embedding", "65 × 128"],
                 x=20, w=176)
    out += _node(ey, 66, GREEN, GREEN_FILL, ["pos_emb", "position embedding", "128 × 128"],
                 x=204, w=176)
    py = ey + 66 + 30
    out += [svg.path(f"M110,{ey + 68} V{py} H{SX + 14}", STREAM, ARROW),
            svg.path(f"M290,{ey + 68} V{py} H{SX + 14}", STREAM)]
    out += _plus(SX, py)
    out.append(svg.text(130, py - 8, "added: x (B, T, 128)", 14, INK))
    # the block, framed and drawn once
    top = py + 28
    block: list[str] = []
    branch = top + 40
    for sublayer in SUBLAYERS:
        drawn, branch = _sublayer(branch, *sublayer)
        block += drawn
    bottom = branch - 6
    out += [svg.box(10, top, W - 20, bottom - top, STREAM, "none", rx=12, dash="7 5", sw=2),
            svg.text(24, top + 24, "block, repeated 4 times", 15, INK, weight="bold"), *block]
    # the final layer norm and the head
    fy = bottom + 44
    out.append(svg.path(f"M{SX},{bottom - 20} V{fy - 18} H{BC} V{fy - 3}", STREAM, ARROW))
    out += _node(fy, 32, GREY, GREY_FILL, ["ln_f: final layer norm"])
    hy = fy + 32 + 22
    out.append(svg.arrow(BC, fy + 34, BC, hy - 3, STREAM, ARROW))
    out += _node(hy, 64, BLUE, BLUE_FILL,
                 ["lm_head: 128 → 65", "the same matrix as tok_emb", "(weight tying)"])
    ly = hy + 64 + 22
    out.append(svg.arrow(BC, hy + 66, BC, ly - 3, STREAM, ARROW))
    out += _node(ly, 50, BLUE, "#ffffff", ["logits (B, T, 65)",
                                           "a score per character, per position"])
    # the stream and its label come first, so that everything else is drawn on top of them
    mid = (top + bottom) / 2
    stream = [f'<line x1="{SX}" y1="{py + 12}" x2="{SX}" y2="{bottom - 20}" stroke="{STREAM}" '
              f'stroke-width="5"/>',
              f'<text x="{SX - 22}" y="{mid}" font-size="14" fill="{STREAM}" '
              f'text-anchor="middle" transform="rotate(-90 {SX - 22} {mid})">'
              f"residual stream (B, T, 128)</text>"]
    return svg.close_svg(svg.open_svg(W, ly + 50 + 20, "gpt", TITLE, DESC), stream + out)
