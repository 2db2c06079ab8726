"""Chapter 1's outside checks: the forward pass, the loss and one gradient step, by hand.

The cases follow the hidden tests (and are no stricter), with fresh random parameters and
displays for each submission (`SEED`). Expected values come from `pixels_to_gpt.pixels`,
computed outside the sandbox. As in the hidden tests, a function may not write into a
tensor it was given even where no value changes (torch's own write counter tells), and
gradient_step must find its gradients without autograd: the student derives them (the
exercise works out only the output layer's), and each case compares the step it took with
the reference's, one parameter at a time.
"""

from __future__ import annotations

from pixels_to_gpt.pixels import cross_entropy
from pixels_to_gpt_grader.checks import common
from pixels_to_gpt_grader.verdict import Assignment, Case, Question

# The notebook's set-up cell (it imports nothing of the course's): the answer cells may use
# SYMBOLS and example_params.
PRELUDE = '''
import math

import torch

torch.manual_seed(0)
torch.set_num_threads(1)

SYMBOLS = torch.tensor([
    [1, -1, 1, -1, 1, -1, 1, -1, 1],
    [1, 1, 1, 1, -1, 1, 1, 1, 1],
    [-1, 1, -1, -1, 1, -1, -1, 1, -1],
    [-1, -1, -1, 1, 1, 1, -1, -1, -1],
], dtype=torch.float64)


def example_params(hidden1=4, hidden2=3, seed=0):
    gen = torch.Generator().manual_seed(seed)
    shapes = {"W1": (9, hidden1), "b1": (hidden1,), "W2": (hidden1, hidden2),
              "b2": (hidden2,), "W3": (hidden2, 4), "b3": (4,)}
    return {name: torch.randn(shape, generator=gen, dtype=torch.float64)
            for name, shape in shapes.items()}
'''

FIXTURES = common.FIXTURES + '''

def probabilities_of(function, params, x):
    """forward(params, x), untouched, compared in x's dtype."""
    return in_dtype_of(untouched(function, params, x), x)


def loss_of(function, probs, targets):
    """loss(probs, targets), untouched, compared in the dtype of probs."""
    return in_dtype_of(untouched(function, probs, targets), probs)


def params(h1, h2, offset, scale=1.0):
    """Fresh float64 weights and (non-zero) biases for a 9 -> h1 -> h2 -> 4 network."""
    g = torch.Generator().manual_seed(SEED + offset)
    shapes = {"W1": (9, h1), "b1": (h1,), "W2": (h1, h2), "b2": (h2,), "W3": (h2, 4), "b3": (4,)}
    return {name: torch.randn(shape, generator=g, dtype=torch.float64) * scale
            for name, shape in shapes.items()}


def large_params(offset):
    """Weights and biases of the hidden layers up to about 60: tanh and the sigmoid saturate
    (one weight of W1 is 60 for sure)."""
    p = params(5, 4, offset)
    for name in ("W1", "b1", "W2", "b2"):
        p[name] = p[name] * 20.0
    p["W1"][2, 1] = 60.0
    return p


def worked_example():
    """The visible test's network of one unit per hidden layer."""
    rows = {"W1": [[0.1]] * 9, "b1": [0.2], "W2": [[2.0]], "b2": [-1.0],
            "W3": [[1.0, 0.0, 0.0, 0.0]], "b3": [0.0] * 4}
    return {name: torch.tensor(r, dtype=torch.float64) for name, r in rows.items()}


def displays(n, offset):
    """n random displays of +1s and -1s, float64."""
    g = torch.Generator().manual_seed(SEED + offset)
    return (torch.randint(0, 2, (n, 9), generator=g) * 2 - 1).double()


def targets(n, offset, symbols=4):
    g = torch.Generator().manual_seed(SEED + offset)
    return torch.randint(0, symbols, (n,), generator=g)


def probabilities(n, offset):
    """n rows of 4 float64 probabilities, some small."""
    g = torch.Generator().manual_seed(SEED + offset)
    return torch.softmax(torch.randn(n, 4, generator=g, dtype=torch.float64) * 2, dim=-1)


NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")


def step_taken(function, name, given, x, targets, lr):
    """The gradient for `name` that gradient_step's step used, (params - new) / lr.

    It runs without autograd (torch.no_grad()), which a gradient written out by hand does not
    need, and may not write into what it is given."""
    try:
        with torch.no_grad():
            new = untouched(function, given, x, targets, lr)
    except RuntimeError as error:
        if "does not require grad" in str(error) or "does not have a grad_fn" in str(error):
            raise RuntimeError("gradient_step must not use autograd (.backward(), "
                               "torch.autograd.grad): derive the gradients by hand with the "
                               "chain rule") from None
        raise
    if not isinstance(new, dict) or set(new) != set(NAMES):
        keys = sorted(new) if isinstance(new, dict) else type(new).__name__
        raise TypeError(f"it must return a dict with the keys {sorted(NAMES)}, got {keys}")
    if not isinstance(new[name], torch.Tensor) or new[name].shape != given[name].shape:
        raise TypeError(f"the new {name} must be a tensor of the shape of {name}, "
                        f"{tuple(given[name].shape)}")
    return (given[name] - new[name]) / lr
'''


def loss(probs, targets):
    """The notebook's name for the course's cross_entropy (put in place of the student's own
    `loss` while gradient_step is checked)."""
    return cross_entropy(probs, targets)


def _forward_cases() -> tuple[Case, ...]:
    cases = [Case(f"h{h1}_{h2}_b{b}", f"(params({h1}, {h2}, {i}), displays({b}, {i}))",
                  f"params with H1={h1}, H2={h2}, {b} random display{'s' * (b > 1)}",
                  rtol=1e-5, atol=1e-7)
             for i, (h1, h2, b) in enumerate(((4, 4, 6), (3, 6, 1), (7, 2, 11)))]
    cases += [
        Case("large", "(large_params(7), displays(8, 7))",
             "params with weights up to about 60, 8 displays", rtol=1e-5, atol=1e-7),
        Case("zero", "({k: torch.zeros_like(v) for k, v in params(4, 3, 8).items()}, "
             "displays(4, 8))", "all parameters 0 (every symbol gets 1/4)", rtol=1e-5, atol=1e-7),
        Case("worked", "(worked_example(), torch.tensor([[1.0, -1, 1, -1, 1, -1, 1, -1, 1]], "
             "dtype=torch.float64))", "the worked example of one unit per hidden layer, the cross",
             rtol=1e-5, atol=1e-7),
    ]
    return tuple(cases)


def _loss_cases() -> tuple[Case, ...]:
    cases = [Case(f"b{b}", f"(probabilities({b}, {10 + i}), targets({b}, {10 + i}))",
                  f"probs and targets of {b} random display{'s' * (b > 1)}", rtol=1e-6, atol=1e-9)
             for i, b in enumerate((5, 1, 12))]
    cases += [
        Case("small", "(torch.tensor([[0.05, 0.9, 0.03, 0.02], [0.7, 0.1, 0.1, 0.1]], "
             "dtype=torch.float64), torch.tensor([0, 0]))",
             "probs [[0.05, 0.9, 0.03, 0.02], [0.7, 0.1, 0.1, 0.1]], targets [0, 0]",
             rtol=1e-6, atol=1e-9),
        Case("half", "(torch.tensor([[0.5, 0.25, 0.25, 0.0]]), torch.tensor([0]))",
             "probs [[0.5, 0.25, 0.25, 0.0]], targets [0] (loss log 2)", atol=1e-6),
        Case("certain", "(torch.tensor([[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]), "
             "torch.tensor([0, 3]))", "probability 1 for the right symbols (loss 0), with zeros",
             atol=1e-6),
        Case("uniform", "(torch.tensor([[0.25, 0.25, 0.25, 0.25]] * 3), torch.tensor([1, 2, 3]))",
             "probabilities of 1/4 each (loss log 4)", rtol=1e-6, atol=1e-6),
    ]
    return tuple(cases)


def _step_cases() -> tuple[Case, ...]:
    batches = [  # H1, H2, B, lr, the targets: the hidden tests' sizes, and a batch without symbol 3
        (4, 4, 6, 0.5, "targets(6, 21)"), (3, 5, 1, 0.1, "targets(1, 22)"),
        (6, 2, 9, 2.0, "targets(9, 23)"), (4, 3, 5, 0.3, "targets(5, 24, symbols=3)")]
    cases = []
    for i, (h1, h2, b, lr, t) in enumerate(batches):
        for name in ("W3", "b3", "W2", "b2", "W1", "b1"):
            cases.append(Case(
                f"{name}_{i}", f"({name!r}, params({h1}, {h2}, {20 + i}, scale=0.8), "
                f"displays({b}, {20 + i}), {t}, {lr})",
                f"H1={h1}, H2={h2}, B={b}, lr={lr}{', no symbol 3 among the targets' * (i == 3)}"
                f": the gradient its step used for {name}, ({name} - new {name}) / lr",
                rtol=1e-7, atol=1e-7))
    return tuple(cases)


CHECKS = Assignment("pixels_to_gpt.pixels", prelude=PRELUDE, fixtures=FIXTURES, questions=(
    Question("test_forward", "forward", _forward_cases(), driver="probabilities_of"),
    Question("test_loss", "loss", _loss_cases(), driver="loss_of",
             reference="pixels_to_gpt.pixels:cross_entropy"),
    # gradient_step may call forward and loss: correct ones stand in for the student's
    Question("test_gradient_step", "gradient_step", _step_cases(), driver="step_taken",
             needs=("forward_steps", "forward", "cross_entropy",
                    "pixels_to_gpt_grader.checks.ch01_pixels:loss")),
))
