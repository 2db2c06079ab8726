"""Chapter 5's outside checks: causal self-attention, the transformer block, dropout.

The cases follow the hidden tests (and are no stricter): random float64 weights and inputs,
fresh for each submission (`SEED`), in the shapes the hidden tests use, and their edge cases
(a batch of one, a single token, large inputs, tokens of (almost) zero variance). Expected
values come from `pixels_to_gpt.gpt_by_hand`, computed outside the sandbox with the same
weights (tests/test_gpt_by_hand.py checks it against the package's `Block`). Dropout's draws
follow the exercise's stated rule, "keep where torch.rand(x.shape, generator=generator) >= p",
so a seeded generator decides every value and the cases compare them.
"""

from __future__ import annotations

import inspect

from pixels_to_gpt import model
from pixels_to_gpt_grader.checks import common
from pixels_to_gpt_grader.verdict import Assignment, Case, Question

# The set-up imports GPTConfig (and Block, the reference, for the visible tests only: it
# holds correct answers, so it is not there outside). GPTConfig's source holds no answer.
CONFIG_SOURCE = "from dataclasses import dataclass\n\n\n" + inspect.getsource(model.GPTConfig)


PRELUDE = ("import math\n\nimport torch\nimport torch.nn.functional as F\n\n"
           + common.imported(CONFIG_SOURCE, "pixels_to_gpt/model.py", "GPTConfig")
           + "\ntorch.manual_seed(0)\n")

FIXTURES = '''
import math


def randn(*shape, offset=0):
    """Fresh float64 numbers for this submission: the seed is drawn by the grader."""
    g = torch.Generator().manual_seed(SEED + offset)
    return torch.randn(*shape, generator=g, dtype=torch.float64)


def large(*shape, top, offset):
    """Random numbers whose largest magnitude is `top`: an in-place change that only large
    values trigger (a clamp_ at some bound below it) shows whatever the seed."""
    z = randn(*shape, offset=offset)
    return z * (top / z.abs().max())


def block_weights(C, bias, offset):
    """A block's weights as the package's Block(...).state_dict() names them (a plain dict),
    all random: layer norm weights near 1, small biases, matrices scaled by their width."""
    g = torch.Generator().manual_seed(SEED + offset)
    w = {}
    for name, shape in (("ln_1", (C,)), ("attn.qkv", (3 * C, C)), ("attn.proj", (C, C)),
                        ("ln_2", (C,)), ("mlp.fc", (4 * C, C)), ("mlp.proj", (C, 4 * C))):
        noise = torch.randn(*shape, generator=g, dtype=torch.float64)
        w[name + ".weight"] = 1 + 0.3 * noise if len(shape) == 1 else noise / math.sqrt(shape[1])
        if bias:
            w[name + ".bias"] = 0.2 * torch.randn(shape[0], generator=g, dtype=torch.float64)
    return w


def flat_tokens(C, offset):
    """(1, 3, C): an ordinary token, one of tiny variance (3 + 0.001 z) and one whose channels
    are all equal: for the last two the layer norm's eps decides the result."""
    z = randn(2, C, offset=offset)
    return torch.stack([z[0], 3.0 + 1e-3 * z[1], torch.full((C,), 2.0, dtype=torch.float64)])[None]


def randn32(*shape, offset=0):
    """Fresh float32 numbers (dropout's draws are float32, whatever x's dtype)."""
    g = torch.Generator().manual_seed(SEED + offset)
    return torch.randn(*shape, generator=g)


def seeded(offset):
    """A generator seeded for this submission: dropout's mask follows from it."""
    return torch.Generator().manual_seed(SEED + offset)
'''


# ------------------------------------------------------------------------------ the cases
def _block_case(id: str, B: int, T: int, C: int, n_head: int, bias: bool, offset: int,
                top: float | None = None, rtol: float = 1e-7, atol: float = 1e-9) -> Case:
    if top is None:
        x, what = f"randn({B}, {T}, {C}, offset={offset})", f"of shape {(B, T, C)}"
    else:
        x, what = f"large({B}, {T}, {C}, top={top}, offset={offset})", f"with values up to {top:g}"
    return Case(id, f"({x}, block_weights({C}, {bias}, {offset + 100}), {n_head})",
                f"x {what}, w with C={C}, bias={bias}, n_head={n_head}", rtol=rtol, atol=atol)


def _attention_cases() -> tuple[Case, ...]:
    cases = [_block_case(f"C{C}_nh{nh}", 2, T, C, nh, bias, offset=10 * i)
             for i, (C, nh, bias, T) in enumerate(((24, 4, False, 7), (24, 2, True, 5),
                                                   (16, 1, True, 4), (32, 8, False, 3)))]
    # a batch of one and a single token keep their dimensions (.squeeze() drops them)
    cases += [_block_case(f"B{B}_T{T}", B, T, 16, 2, True, offset=50 + 10 * i)
              for i, (B, T) in enumerate(((1, 5), (2, 1), (1, 1)))]
    # large inputs (the hidden tests' reach up to about 150): x must come back unchanged
    cases.append(_block_case("large", 2, 5, 24, 4, True, offset=90, top=240.0, rtol=1e-6,
                             atol=1e-8))
    return tuple(cases)


def _block_cases() -> tuple[Case, ...]:
    cases = [_block_case(f"C{C}_nh{nh}", 2, T, C, nh, bias, offset=10 * i)
             for i, (C, nh, bias, T) in enumerate(((24, 4, False, 7), (24, 2, True, 5),
                                                   (16, 4, True, 3)))]
    # large inputs (the hidden tests' reach up to about 1050): x must come back unchanged
    cases.append(_block_case("large", 2, 4, 16, 2, True, offset=40, top=1600.0, rtol=1e-6,
                             atol=1e-8))
    # the layer norm's eps: a missing, misplaced or different eps shows on these tokens
    cases.append(Case("flat", "(flat_tokens(16, 60), block_weights(16, True, 160), 2)",
                      "x with a token of tiny variance and one of equal channels, w with "
                      "C=16, bias=True, n_head=2", rtol=1e-6, atol=1e-8))
    return tuple(cases)


def _dropout_cases() -> tuple[Case, ...]:
    x = "randn32(4, 50, offset={})"
    # training: the mask follows from the seeded generator, the kept values are x / (1 - p)
    cases = [Case(f"train_p{p}", f"({x.format(200 + i)}, {p}, True)",
                  f"x of shape (4, 50), p={p}, training=True, a seeded generator",
                  kwargs=f"{{'generator': seeded({300 + i})}}", rtol=1e-6, atol=1e-7)
             for i, p in enumerate((0.1, 0.25, 0.5, 0.8))]
    # without a generator: the global one, seeded by the grader before each call
    cases.append(Case("global_generator", f"({x.format(210)}, 0.4, True)",
                      "x of shape (4, 50), p=0.4, training=True, no generator (torch's global "
                      "one, seeded)", rtol=1e-6, atol=1e-7))
    # the edges: p = 0 keeps everything, p = 1 zeros everything (no nan)
    cases += [Case(f"train_edge{p}", f"({x.format(220 + i)}, {p}, True)",
                   f"x of shape (4, 50), p={p}, training=True",
                   kwargs=f"{{'generator': seeded({320 + i})}}", rtol=1e-6, atol=1e-7)
              for i, p in enumerate((0.0, 1.0))]
    # in use: x comes back unchanged, whatever p and dtype
    cases += [Case(f"use_p{p}", f"(randn(2, 5, 8, offset={230 + i}), {p}, False)",
                   f"x of shape (2, 5, 8) in float64, p={p}, training=False", compare="exact")
              for i, p in enumerate((0.0, 0.3, 1.0))]
    # p outside [0, 1] raises ValueError, in training and in use
    cases += [Case(f"bad{i}", f"({x.format(240)}, {p}, {training})",
                   f"x, p={p}, training={training}", compare="raises")
              for i, (p, training) in enumerate(((-0.1, True), (1.5, True), (-0.1, False),
                                                 (1.5, False)))]
    return tuple(cases)


# the reference module: its causal_self_attention stands in for block_forward's needs
CHECKS = Assignment("pixels_to_gpt.gpt_by_hand", prelude=PRELUDE, fixtures=FIXTURES, questions=(
    Question("test_causal_self_attention", "causal_self_attention", _attention_cases()),
    Question("test_block_forward", "block_forward", _block_cases(),
             needs=("causal_self_attention",)),
    Question("test_dropout", "dropout", _dropout_cases()),
))
