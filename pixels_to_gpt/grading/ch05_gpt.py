"""What the hidden tests of chapter 5 share; runs in the student's kernel at grading time; not
shipped to students.

The hidden tests of `causal_self_attention` and `block_forward` both grade the student's
function against the package's own `pixels_to_gpt.model` (its `Block`, or the block's
attention) with the same random float64 weights. The cells call
`guard.check_untampered(*RELIED_ON)` before any helper here, and `check_model_intact()` before
they rely on the package's model.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import torch
import torch.nn.functional as F

import pixels_to_gpt.model as _pm
from pixels_to_gpt.grading import guard as _g

# What both tests rely on besides guard's own list: the cells pass it to
# `guard.check_untampered(*RELIED_ON)` before they call anything here.
RELIED_ON: tuple[tuple[object, str], ...] = (
    (F, "scaled_dot_product_attention"), (F, "layer_norm"), (F, "gelu"), (F, "linear"),
    (torch.nn.Module, "__call__"), (torch.nn.Module, "_call_impl"),
    (torch.nn.LayerNorm, "forward"), (torch.nn.Linear, "forward"),
)
Weights = dict[str, torch.Tensor]
# (C, n_head, bias, T): the embedding width, the heads, biases or not, the sequence length.
Case = tuple[int, int, bool, int]


def check_model_intact() -> None:
    """Fail when the notebook replaced the package's model classes (or their forward)."""
    for cls in (_pm.Block, _pm.CausalSelfAttention, _pm.MLP, _pm.GPTConfig):
        assert getattr(cls, "__module__", None) == "pixels_to_gpt.model", (
            f"this notebook replaced pixels_to_gpt.model.{cls.__name__}, which grading relies on: "
            "remove that line and restart the kernel")
    for cls in (_pm.Block, _pm.CausalSelfAttention, _pm.MLP):
        assert cls.forward.__code__.co_filename == _pm.__file__, (
            f"this notebook replaced {cls.__name__}.forward, which grading relies on: remove that "
            "line and restart the kernel")


def random_block(C: int, n_head: int, bias: bool, seed: int) -> tuple[_pm.Block, Weights]:
    """The package's Block in float64, every weight random (layer norm weights near 1), and a
    copy of its weights (its state_dict) for the student's function."""
    block = _pm.Block(_pm.GPTConfig(n_embd=C, n_head=n_head, bias=bias)).double().eval()
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in block.named_parameters():
            noise = torch.randn(p.shape, generator=gen, dtype=p.dtype)
            if name.startswith("ln_") and name.endswith("weight"):
                p.copy_(1 + 0.3 * noise)
            elif name.endswith("bias"):
                p.copy_(0.2 * noise)
            else:
                p.copy_(noise / math.sqrt(p.shape[1]))
    return block, {name: t.clone() for name, t in block.state_dict().items()}


def ref_attention(x: torch.Tensor, w: Weights, n_head: int) -> torch.Tensor:
    """The package's CausalSelfAttention loaded with the attention weights of w."""
    m = _pm.CausalSelfAttention(_pm.GPTConfig(n_embd=x.size(-1), n_head=n_head,
                                              bias="attn.qkv.bias" in w)).to(x.dtype).eval()
    m.load_state_dict({name[5:]: t for name, t in w.items() if name.startswith("attn.")})
    return m(x)


def random_x(shape: tuple[int, ...], seed: int) -> torch.Tensor:
    """Standard normal float64 values of `shape`, from a generator seeded with `seed`."""
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


def snapshot(w: Weights) -> dict[str, list]:
    """The values of every weight in w, to see afterwards whether w was changed in place."""
    return {n: _g.values(t) for n, t in w.items()}


def package_output(module: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor) -> list:
    """The values of the package's `module` (a Block or its attn) on x, without gradients."""
    with torch.no_grad():
        return _g.values(module(x))


def largest(values: list) -> float:
    """The largest absolute value in the values of a (B, T, C) tensor."""
    return max(abs(v) for r in values for t in r for v in t)


def check_random_cases(fn: Callable, name: str, cases: Iterable[Case], *,
                       seed: Callable[[int, int], int], attention_only: bool, how: str,
                       x_message: str, w_message: str) -> None:
    """`name`(x, w, n_head), the student's `fn`, against the package on random weights.

    For each case, a random block (its seed is `seed(C, n_head)`) and x of shape (2, T, C)
    (seeded with T): the output must have x's shape and the values of the package's attention
    (`attention_only`) or whole Block; x and w must stay as they were.
    """
    part = "attention" if attention_only else "Block"
    for C, n_head, bias, T in cases:
        block, w = random_block(C, n_head, bias, seed=seed(C, n_head))
        x = random_x((2, T, C), seed=T)
        before = _g.values(x)
        w_before = snapshot(w)
        want = package_output(block.attn if attention_only else block, x)
        what = f"{name}(x, w, n_head={n_head}) with C={C}, bias={bias}"
        y = _g.call_safely(fn, x, w, n_head, what=what)
        assert _g.shape_of(y) == (2, T, C), (
            f"{what} has shape {_g.shape_of(y)}, expected {(2, T, C)}")
        _g.assert_close(y, want, f"{what} differs from the package's {part} with the same "
                        f"weights. {how}", rtol=1e-7, atol=1e-9)
        assert _g.values(x) == before, x_message
        assert snapshot(w) == w_before, w_message


def check_large_x(fn: Callable, block: _pm.Block, w: Weights, x: torch.Tensor, n_head: int, *,
                  what: str, attention_only: bool, advice_end: str) -> None:
    """The student's `fn`(x, w, n_head) on x with large values: x must come back unchanged
    (else the failure names x's largest value and advises against in-place operations, the
    advice ending with `advice_end`), and the output must be the package's attention
    (`attention_only`) or whole Block on x."""
    before = _g.values(x)
    want = package_output(block.attn if attention_only else block, x)
    y = _g.call_safely(fn, x, w, n_head, what=what)
    assert _g.values(x) == before, (
        f"{what} changed x in place (its largest value was {largest(before):.0f}): x belongs "
        f"to the caller; don't use in-place operations on it (clamp_, +=, {advice_end}")
    _g.assert_close(y, want, f"{what} differs from the package's "
                    f"{'attention' if attention_only else 'Block'} with the same weights",
                    rtol=1e-6, atol=1e-8)
