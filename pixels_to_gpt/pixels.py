"""Chapter 1: a neural network that reads a 3×3-pixel display.

A display has 9 pixels, +1 for white and -1 for black, read row by row:

    index:  0 1 2
            3 4 5
            6 7 8

It shows one of four symbols (a cross, a ring, a vertical bar, a horizontal bar), perhaps
with a few pixels flipped by noise. The network reading it is as small as a network can be
while still having everything a big one has:

    x (B, 9) -> tanh(x @ W1 + b1) = h1 (B, H1)        squashed to (-1, 1)
             -> sigmoid(h1 @ W2 + b2) = h2 (B, H2)    squashed to (0, 1)
             -> softmax(h2 @ W3 + b3) = probs (B, 4)  positive, each row adds up to 1

Its parameters live in a plain dict (`Params`) so that the chapter can write the backward
pass by hand, parameter by parameter, and check it against torch's autograd.

Shapes: B examples in a batch, H1 and H2 hidden units, K = 4 symbols.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

Params = dict[str, torch.Tensor]

SYMBOL_NAMES: tuple[str, ...] = ("cross", "ring", "vertical bar", "horizontal bar")

# One row per symbol, 9 pixels each; 1 marks a white pixel (the rest are black).
_WHITE = (
    (1, 0, 1,
     0, 1, 0,
     1, 0, 1),  # cross: the two diagonals
    (1, 1, 1,
     1, 0, 1,
     1, 1, 1),  # ring: the border, a black hole in the middle
    (0, 1, 0,
     0, 1, 0,
     0, 1, 0),  # vertical bar: the middle column
    (0, 0, 0,
     1, 1, 1,
     0, 0, 0),  # horizontal bar: the middle row
)
SYMBOLS: torch.Tensor = torch.tensor(_WHITE, dtype=torch.float32) * 2 - 1
"""The four clean symbols, (4, 9), +1 white and -1 black. Any two differ in >= 4 pixels."""


# --- the data: symbols and their noisy variants -------------------------------------------


def flip_pixels(display: torch.Tensor, pixels: Sequence[int]) -> torch.Tensor:
    """A copy of `display` (9,) with the given pixels flipped (white <-> black).

    >>> flip_pixels(SYMBOLS[3], [0]).tolist()[:3]
    [1.0, -1.0, -1.0]
    """
    flipped = display.clone()
    flipped[list(pixels)] *= -1
    return flipped


def noisy_variants(
    display: torch.Tensor,
    count: int,
    max_flips: int = 1,
    generator: torch.Generator | None = None,
    never_flip: Sequence[int] = (),
) -> torch.Tensor:
    """`count` noisy copies of one display (9,) -> (count, 9).

    Each copy flips between 0 and `max_flips` pixels (how many: uniformly at random), chosen
    at random among the pixels not listed in `never_flip`.
    """
    allowed = torch.tensor([i for i in range(9) if i not in set(never_flip)])
    copies = display.repeat(count, 1)
    for row in range(count):
        n_flips = int(torch.randint(max_flips + 1, (1,), generator=generator))
        chosen = allowed[torch.randperm(len(allowed), generator=generator)[:n_flips]]
        copies[row, chosen] *= -1
    return copies


def make_dataset(
    per_symbol: int,
    max_flips: int = 1,
    generator: torch.Generator | None = None,
    never_flip: Sequence[int] = (),
) -> tuple[torch.Tensor, torch.Tensor]:
    """Noisy examples of every symbol: displays x (N, 9) and targets y (N,), N = 4 * per_symbol.

    y holds the symbol's index into SYMBOL_NAMES (a torch.long). Examples come symbol by
    symbol; full-batch gradient descent does not care about their order.
    """
    x = torch.cat([
        noisy_variants(SYMBOLS[k], per_symbol, max_flips, generator, never_flip)
        for k in range(len(SYMBOLS))
    ])
    y = torch.arange(len(SYMBOLS)).repeat_interleave(per_symbol)
    return x, y


def one_flip_variants(pixel: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Every symbol with exactly one pixel flipped: x (36, 9) and y (36,).

    With `pixel` given, only that pixel is flipped: x (4, 9), one row per symbol.
    """
    pixels = range(9) if pixel is None else [pixel]
    x = torch.stack([flip_pixels(SYMBOLS[k], [i]) for k in range(len(SYMBOLS)) for i in pixels])
    y = torch.arange(len(SYMBOLS)).repeat_interleave(len(pixels))
    return x, y


# --- the network ------------------------------------------------------------------------


def init_params(
    hidden1: int = 4,
    hidden2: int = 4,
    generator: torch.Generator | None = None,
    dtype: torch.dtype = torch.float32,
) -> Params:
    """Random weights and zero biases for a 9 -> hidden1 -> hidden2 -> 4 network.

    W1 (9, H1), b1 (H1,), W2 (H1, H2), b2 (H2,), W3 (H2, 4), b3 (4,). Weights are drawn with
    standard deviation 1/sqrt(inputs) so that every layer starts with sums of moderate size,
    where tanh and sigmoid are not yet flat.
    """
    sizes = [(9, hidden1), (hidden1, hidden2), (hidden2, len(SYMBOLS))]
    params: Params = {}
    for layer, (n_in, n_out) in enumerate(sizes, start=1):
        params[f"W{layer}"] = torch.randn(n_in, n_out, generator=generator, dtype=dtype) / n_in**0.5
        params[f"b{layer}"] = torch.zeros(n_out, dtype=dtype)
    return params


def forward_steps(params: Params, x: torch.Tensor) -> dict[str, torch.Tensor]:
    """Every intermediate value of the forward pass, for x (B, 9).

    z1, h1 (B, H1); z2, h2 (B, H2); z3 (the logits) and probs (B, 4). The backward pass
    needs them all: each layer's derivative is evaluated where that layer was.
    """
    z1 = x @ params["W1"] + params["b1"]
    h1 = torch.tanh(z1)  # (-1, 1)
    z2 = h1 @ params["W2"] + params["b2"]
    h2 = torch.sigmoid(z2)  # (0, 1)
    z3 = h2 @ params["W3"] + params["b3"]  # logits: one score per symbol
    probs = torch.softmax(z3, dim=-1)  # each row: positive, adds up to 1
    return {"z1": z1, "h1": h1, "z2": z2, "h2": h2, "z3": z3, "probs": probs}


def forward(params: Params, x: torch.Tensor) -> torch.Tensor:
    """The network's probabilities for each symbol: x (B, 9) -> probs (B, 4)."""
    return forward_steps(params, x)["probs"]


def cross_entropy(probs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean of -log(probability given to the right symbol): probs (B, K), targets (B,) -> ().

    0 when the network gives the right symbol probability 1; large when it gives it almost 0.

    >>> cross_entropy(torch.tensor([[0.5, 0.25, 0.25, 0.0]]), torch.tensor([0]))
    tensor(0.6931)
    """
    right = probs[torch.arange(len(targets)), targets]  # (B,)
    return -torch.log(right).mean()


def gradients(params: Params, x: torch.Tensor, targets: torch.Tensor) -> Params:
    """The gradient of the mean cross-entropy with respect to every parameter, by hand.

    Backpropagation is the chain rule applied layer by layer from the loss backwards; each
    gradient has the shape of its parameter. What each line uses:
    - softmax followed by -log: dL/dz3 = (probs - one_hot(targets)) / B;
    - a layer z = h @ W + b: dL/dW = h.T @ dL/dz, dL/db = dL/dz summed over the batch, and
      dL/dh = dL/dz @ W.T passes the gradient on to the layer below;
    - sigmoid: s' = s (1 - s); tanh: tanh' = 1 - tanh².
    """
    s = forward_steps(params, x)
    batch = len(targets)
    one_hot = torch.zeros_like(s["probs"])
    one_hot[torch.arange(batch), targets] = 1.0
    dz3 = (s["probs"] - one_hot) / batch  # (B, 4)
    dh2 = dz3 @ params["W3"].T  # (B, H2)
    dz2 = dh2 * s["h2"] * (1 - s["h2"])  # sigmoid'
    dh1 = dz2 @ params["W2"].T  # (B, H1)
    dz1 = dh1 * (1 - s["h1"] ** 2)  # tanh'
    return {
        "W3": s["h2"].T @ dz3, "b3": dz3.sum(dim=0),
        "W2": s["h1"].T @ dz2, "b2": dz2.sum(dim=0),
        "W1": x.T @ dz1, "b1": dz1.sum(dim=0),
    }


def autograd_gradients(params: Params, x: torch.Tensor, targets: torch.Tensor) -> Params:
    """The same gradients as `gradients`, computed by torch's autograd instead of by hand."""
    leaves = {name: p.detach().requires_grad_() for name, p in params.items()}
    loss = cross_entropy(forward(leaves, x), targets)
    grads = torch.autograd.grad(loss, list(leaves.values()))
    return dict(zip(leaves, grads, strict=True))


def gradient_step(
    params: Params, x: torch.Tensor, targets: torch.Tensor, lr: float
) -> Params:
    """One step of gradient descent with the hand-written gradients: new parameters.

    Each parameter moves a little (lr times its gradient) against its gradient, downhill on
    the loss. The caller's tensors are left unchanged.
    """
    grads = gradients(params, x, targets)
    return {name: params[name] - lr * grads[name] for name in params}


def train(
    params: Params,
    x: torch.Tensor,
    targets: torch.Tensor,
    steps: int = 2000,
    lr: float = 0.5,
) -> tuple[Params, list[float]]:
    """Full-batch gradient descent with autograd: (trained params, loss before each step).

    The caller's params are left unchanged; the trained ones come back detached.
    """
    params = {name: p.detach().clone().requires_grad_() for name, p in params.items()}
    losses = []
    for _ in range(steps):
        loss = cross_entropy(forward(params, x), targets)
        losses.append(loss.item())
        grads = torch.autograd.grad(loss, list(params.values()))
        with torch.no_grad():
            for p, g in zip(params.values(), grads, strict=True):
                p -= lr * g
    return {name: p.detach() for name, p in params.items()}, losses


@torch.no_grad()
def accuracy(params: Params, x: torch.Tensor, targets: torch.Tensor) -> float:
    """The fraction of displays whose most probable symbol is the right one."""
    predicted = forward(params, x).argmax(dim=-1)
    return (predicted == targets).float().mean().item()


# --- pictures ---------------------------------------------------------------------------


def draw_grids(
    grids: torch.Tensor,
    titles: Sequence[str] | None = None,
    suptitle: str | None = None,
    weights: bool = False,
    cols: int | None = None,
    numbers: bool = False,
):
    """Draw each row of `grids` (N, 9) as a 3×3 image; returns the matplotlib Figure.

    Displays (weights=False) are drawn white for +1 and black for -1. Weights (weights=True)
    are drawn red for positive and blue for negative on one colour scale shared by all
    images, with a colour bar: a red weight makes its unit respond to a white pixel there.
    `numbers` writes each value in its square.
    """
    import matplotlib.pyplot as plt

    grids = grids.detach().reshape(-1, 9).float()
    n = len(grids)
    cols = cols or min(n, 6)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1.7 * cols + (1.0 if weights else 0),
                                                  1.9 * rows + (0.5 if suptitle else 0)),
                             squeeze=False)
    if weights:
        limit = max(grids.abs().max().item(), 1e-8)
        style = {"cmap": "RdBu_r", "vmin": -limit, "vmax": limit}
    else:
        style = {"cmap": "gray", "vmin": -1.0, "vmax": 1.0}
    image = None
    for i, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= n:
            ax.axis("off")
            continue
        image = ax.imshow(grids[i].reshape(3, 3).numpy(), **style)
        ax.set_xticks([-0.5, 0.5, 1.5, 2.5], minor=True)
        ax.set_yticks([-0.5, 0.5, 1.5, 2.5], minor=True)
        ax.grid(which="minor", color="tab:gray", linewidth=1)
        ax.tick_params(which="minor", length=0)
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
        if numbers:
            for j, value in enumerate(grids[i].tolist()):
                shade = "black" if (weights or value > 0) else "white"
                ax.text(j % 3, j // 3, f"{value:+.1f}" if weights else f"{value:+.0f}",
                        ha="center", va="center", fontsize=8, color=shade)
    if suptitle:
        fig.suptitle(suptitle)
    if weights and image is not None:
        fig.colorbar(image, ax=axes.ravel().tolist(), shrink=0.8, label="weight")
    return fig
