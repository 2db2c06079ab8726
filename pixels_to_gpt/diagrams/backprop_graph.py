"""Chapter 1: the network's computation graph, the forward pass down, the backward pass up.

`images/backprop_graph.svg`: values (blue) on the left, each with its shape; the gradient of
the loss with respect to each (red) beside it on the right, the local derivative that takes
one gradient to the next on the arrow between them.
"""

from __future__ import annotations

from pixels_to_gpt.diagrams.svg import (
    BLUE,
    BLUE_FILL,
    GOLD,
    GOLD_FILL,
    INK,
    MUTED,
    RED,
    RED_FILL,
    arrow,
    box,
    close_svg,
    open_svg,
    text,
)

W = 420
VX, VW = 12, 188  # the forward column (values)
GX, GW = 220, 188  # the backward column (gradients)
VC = VX + VW / 2
RA = GX + 22  # the x of the backward arrows
GAP = 64  # between two rows
TOP = 92
# a row: (value: name, shape), (gradient: name and shape, then its parameters' gradients)
# or None where the backward pass needs no box, and the row's height
ROWS: list[tuple[list[str], list[str] | None, int]] = [
    (["x: the displays", "(B, 9), pixels ±1"], None, 52),
    (["z₁ = x W₁ + b₁", "(B, 4)"],
     ["δ₁ = ∂L/∂z₁   (B, 4)", "∂L/∂W₁ = xᵀ δ₁", "∂L/∂b₁ = Σ δ₁"], 78),
    (["h₁ = tanh(z₁)", "(B, 4), in (−1, 1)"], ["∂L/∂h₁   (B, 4)"], 52),
    (["z₂ = h₁ W₂ + b₂", "(B, 4)"],
     ["δ₂ = ∂L/∂z₂   (B, 4)", "∂L/∂W₂ = h₁ᵀ δ₂", "∂L/∂b₂ = Σ δ₂"], 78),
    (["h₂ = σ(z₂)", "(B, 4), in (0, 1)"], ["∂L/∂h₂   (B, 4)"], 52),
    (["z₃ = h₂ W₃ + b₃", "logits (B, 4)"],
     ["δ₃ = ∂L/∂z₃   (B, 4)", "∂L/∂W₃ = h₂ᵀ δ₃", "∂L/∂b₃ = Σ δ₃"], 78),
    (["p = softmax(z₃)", "(B, 4), rows add up to 1"], None, 52),
    (["L = mean of −log pₜ", "the loss: one number"], ["∂L/∂L = 1"], 52),
]
# what enters the forward pass just above row i: a weight and a bias, or the targets
FORWARD_INPUTS: dict[int, tuple[str, str | None]] = {
    1: ("W₁ (9, 4)", "b₁ (4)"), 3: ("W₂ (4, 4)", "b₂ (4)"), 5: ("W₃ (4, 4)", "b₃ (4)"),
    7: ("t (B,)", None),
}
# the local derivative on the backward arrow that leaves row i upwards
# (tanh's derivative is left for the reader: exercise 1 asks for it)
BACKWARD_LABELS = {2: ["⊙ tanh′(z₁)", "derive it: exercise 1"], 3: ["· W₂ᵀ"],
                   4: ["⊙ h₂ (1 − h₂)", "σ′, from h₂"], 5: ["· W₃ᵀ"]}
TITLE = "The computation graph of chapter 1’s network, forward and backward"
DESC = (
    "Two columns. On the left, the forward pass runs downwards: the displays x (B, 9); "
    "z1 = x W1 + b1 (B, 4) with W1 (9, 4) and b1 (4); h1 = tanh(z1); z2 = h1 W2 + b2 with "
    "W2 (4, 4) and b2 (4); h2 = sigmoid(z2); the logits z3 = h2 W3 + b3 with W3 (4, 4) and "
    "b3 (4); p = softmax(z3); and the loss L, the mean of minus log p of the right symbol t. "
    "On the right, the backward pass runs upwards from dL/dL = 1: delta3 = (p minus onehot(t)) "
    "/ B, from softmax and log together; dL/dW3 = h2 transposed times delta3 and dL/db3 = the "
    "sum of delta3; dL/dh2 = delta3 times W3 transposed; delta2 = dL/dh2 times h2 (1 minus h2), "
    "element by element; dL/dW2 = h1 transposed times delta2, dL/db2 = the sum of delta2; "
    "dL/dh1 = delta2 times W2 transposed; delta1 = dL/dh1 times the derivative of tanh at z1, "
    "element by element, which exercise 1 asks you to derive; "
    "dL/dW1 = x transposed times delta1, dL/db1 = the sum of delta1. Each gradient sits beside "
    "the value it belongs to and has its shape."
)


def _forward_inputs(ya: float, yb: float, weight: str, bias: str | None) -> list[str]:
    """The chips that feed the forward arrow between y = ya and y = yb."""
    cy = (ya + yb) / 2
    out = [box(VX, cy - 14, 78, 28, GOLD, GOLD_FILL, rx=6),
           text(VX + 39, cy + 5, weight, 14, INK, "middle"),
           arrow(VX + 79, cy, VC - 4, cy, GOLD, "backprop-arrow-gold", sw=2)]
    if bias is None:  # the targets: named, not drawn as a second chip
        return [*out, text(VC + 10, cy + 5, "right symbols", 14, MUTED)]
    return [*out,
            box(VX + VW - 66, cy - 14, 66, 28, GOLD, GOLD_FILL, rx=6),
            text(VX + VW - 33, cy + 5, bias, 14, INK, "middle"),
            arrow(VX + VW - 67, cy, VC + 4, cy, GOLD, "backprop-arrow-gold", sw=2)]


def draw() -> str:
    """The SVG file's text."""
    ys = [TOP + sum(h + GAP for _, _, h in ROWS[:i]) for i in range(len(ROWS))]
    height = ys[-1] + ROWS[-1][2] + 24
    out = [text(W / 2, 32, "Forward ↓, backward ↑", 18, anchor="middle", weight="bold"),
           box(VX, 48, VW, 28, BLUE, BLUE_FILL, rx=6),
           text(VC, 67, "forward: values", 15, BLUE, "middle", "bold"),
           box(GX, 48, GW, 28, RED, RED_FILL, rx=6),
           text(GX + GW / 2, 67, "backward: gradients", 15, RED, "middle", "bold")]
    for i, (value, gradient, h) in enumerate(ROWS):
        y0 = ys[i]
        out += [box(VX, y0, VW, h, BLUE, BLUE_FILL),
                text(VC, y0 + 22, value[0], 16, INK, "middle", "bold"),
                text(VC, y0 + 42, value[1], 14, MUTED, "middle")]
        if gradient:
            out += [box(GX, y0, GW, h, RED, RED_FILL),
                    text(GX + 12, y0 + 22, gradient[0], 15, RED, weight="bold")]
            out += [text(GX + 12, y0 + 44 + 20 * k, line, 15, RED)
                    for k, line in enumerate(gradient[1:])]
        if i > 0:
            ya, yb = ys[i - 1] + ROWS[i - 1][2], y0
            out.append(arrow(VC, ya + 2, VC, yb - 3, BLUE, "backprop-arrow-blue"))
            if i in FORWARD_INPUTS:
                out += _forward_inputs(ya, yb, *FORWARD_INPUTS[i])
    # backward arrows: from each gradient box up to the one above it (rows without one skipped)
    with_gradient = [i for i, row in enumerate(ROWS) if row[1]]
    for below, above in zip(with_gradient[1:], with_gradient[:-1], strict=True):
        ya, yb = ys[below], ys[above] + ROWS[above][2]
        out.append(arrow(RA, ya - 2, RA, yb + 3, RED, "backprop-arrow-red"))
        if below in BACKWARD_LABELS:
            cy = (ya + yb) / 2
            label = BACKWARD_LABELS[below]
            out.append(text(RA + 12, cy + (0 if len(label) > 1 else 5), label[0], 15, RED,
                            weight="bold"))
            if len(label) > 1:
                out.append(text(RA + 12, cy + 19, label[1], 14, RED))
    # the long arrow from the loss to δ₃ passes p: softmax and −log are differentiated as one
    cy = ys[6] + ROWS[6][2] / 2
    out += [text(RA + 10, cy - 6, "(p − onehot(t)) / B", 14, RED, weight="bold"),
            text(RA + 10, cy + 14, "softmax and −log", 14, RED),
            text(RA + 10, cy + 32, "taken together", 14, RED)]
    return close_svg(open_svg(W, height, "backprop", TITLE, DESC), out)
