"""What the hidden tests of chapter 1 (pixels) share; runs in the student's kernel at grading time.

The hidden parts of the test cells of `solutions/ch01_pixels/pixels.ipynb` (their source is
`hidden_tests/ch01_pixels.py`) import it as `_c1`: random parameters and displays, the
plain-torch oracles of the network and its loss, and the helpers that catch a function that
writes into what it was given. Not shipped to students (the student edition keeps only
`guard.py` and `validate.py` of this package).

Each cell calls `guard.check_untampered(*RELIED_ON)` before it uses these helpers: they look
torch's functions up when they are called, so they compute with torch's own functions only
once that check has passed.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from pixels_to_gpt.grading import guard

# The torch functions these helpers (and the cells' own oracles) rely on; check them first.
RELIED_ON: tuple[tuple[object, str], ...] = (
    (torch, "tanh"), (torch, "sigmoid"), (torch, "matmul"), (torch, "add"),
    (torch, "sub"), (torch, "mul"), (torch, "log"), (torch, "gather"),
    (torch, "mean"), (torch.autograd, "grad"))



def random_params(h1: int, h2: int, seed: int, scale: float = 1.0) -> dict[str, torch.Tensor]:
    """Random weights and (non-zero) biases, float64."""
    gen = torch.Generator().manual_seed(seed)
    shapes = {"W1": (9, h1), "b1": (h1,), "W2": (h1, h2), "b2": (h2,), "W3": (h2, 4), "b3": (4,)}
    return {k: torch.mul(torch.randn(s, generator=gen, dtype=torch.float64), scale)
            for k, s in shapes.items()}


def random_displays(n: int, seed: int) -> torch.Tensor:
    """n random displays of nine pixels, each -1 or 1, float64."""
    gen = torch.Generator().manual_seed(seed)
    return torch.sub(torch.mul(torch.randint(0, 2, (n, 9), generator=gen), 2), 1).double()


def oracle_forward(P: dict[str, torch.Tensor], x: torch.Tensor,
                   first: Callable[[torch.Tensor], torch.Tensor] | None = None,
                   second: Callable[[torch.Tensor], torch.Tensor] | None = None,
                   biases: tuple[float, float, float] = (1, 1, 1)) -> torch.Tensor:
    """The network's probabilities, softmax(second(first(x W1 + b1) W2 + b2) W3 + b3).

    first and second default to torch.tanh and torch.sigmoid; biases scales b1, b2, b3 (0
    drops one), so that the tests can recognise the usual mistakes.
    """
    first = torch.tanh if first is None else first
    second = torch.sigmoid if second is None else second
    h1 = first(torch.add(torch.matmul(x, P["W1"]), torch.mul(P["b1"], biases[0])))
    h2 = second(torch.add(torch.matmul(h1, P["W2"]), torch.mul(P["b2"], biases[1])))
    z3 = torch.add(torch.matmul(h2, P["W3"]), torch.mul(P["b3"], biases[2]))
    return torch.softmax(z3, dim=-1)


def oracle_loss(probs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """The mean cross-entropy, -mean(log(probs[i, targets[i]]))."""
    return torch.mul(torch.mean(torch.log(torch.gather(probs, 1, targets[:, None]))), -1)


def snapshot(P: dict[str, torch.Tensor]) -> dict[str, list]:
    """Each parameter's values as plain Python lists, read through torch's own tolist."""
    return {k: guard.values(v) for k, v in P.items()}


versions = guard.write_counts  # how often each tensor was written in place


def in_place_hint(what: str) -> str:
    """The failure message for a function `what` that wrote into a tensor it was given."""
    return guard.in_place_hint(what, "x.clamp_(...), x[...] = ..., x += ... or .sub_(...)",
                               "x.clamp(...), torch.where(...), x + ...")
