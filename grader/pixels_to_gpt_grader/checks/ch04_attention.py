"""Chapter 4's outside checks: scaled dot-product attention, splitting and merging heads.

The cases follow the hidden tests (and are no stricter), with fresh random queries, keys and
values for each submission (`SEED`). Expected values come from `pixels_to_gpt.attention`,
computed outside the sandbox. As in the hidden tests, a function may not write into a tensor
it was given even where no value changes (torch's own write counter tells), and attention
may not hand its work to PyTorch's own attention.
"""

from __future__ import annotations

from pixels_to_gpt_grader.checks import common
from pixels_to_gpt_grader.verdict import Assignment, Case, Question

PRELUDE = """
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
"""

FIXTURES = common.FIXTURES + '''

SDPA = ((F, "scaled_dot_product_attention"), (torch.nn, "MultiheadAttention"),
        (F, "multi_head_attention_forward"))


def attend(function, part, q, k, v, **kwargs):
    """Part `part` (0: the output, 1: the weights) of the pair attention returns, PyTorch's
    own attention refused while it runs."""
    with forbidding(SDPA, "scaled_dot_product_attention may not call PyTorch's attention: "
                    "write it from q @ k.transpose(-2, -1), a softmax and weights @ v"):
        result = untouched(function, q, k, v, **kwargs)
    if not isinstance(result, tuple) or len(result) != 2:
        raise TypeError(f"it must return the pair (output, weights), got "
                        f"{type(result).__name__}")
    return result[part]


def heads(shape, offset, dtype=torch.float64):
    """q, k and v of the same shape."""
    return tuple(randn(*shape, offset=offset + i, dtype=dtype) for i in range(3))


def future_changed(offset):
    """Heads (2, 3, 6, 4) whose keys and values at positions 4 and 5 are extreme: with the
    causal mask, the outputs at positions 0 to 3 must not change."""
    q, k, v = heads((2, 3, 6, 4), offset)
    k[..., 4:, :] = 50.0
    v[..., 4:, :] = -50.0
    return q, k, v
'''


def _attention_cases() -> tuple[Case, ...]:
    scenarios = [  # (id, the expression of (q, k, v), causal, what they are)
        ("cross", "(randn(2, 3, 4, offset=1), randn(2, 5, 4, offset=2), randn(2, 5, 6, offset=3))",
         False, "q (2, 3, 4), k (2, 5, 4), v (2, 5, 6)"),
        ("heads", "heads((2, 3, 6, 4), 4)", False, "q, k, v of shape (2, 3, 6, 4)"),
        ("causal", "heads((2, 3, 6, 4), 4)", True, "q, k, v of shape (2, 3, 6, 4)"),
        ("future", "future_changed(4)", True,
         "q, k, v of shape (2, 3, 6, 4), keys and values 4 and 5 changed"),
        ("batch_of_one", "heads((1, 4, 4), 8)[:2] + (randn(1, 4, 3, offset=10),)", True,
         "q, k (1, 4, 4), v (1, 4, 3)"),
        ("one_query", "(randn(2, 1, 4, offset=11), randn(2, 5, 4, offset=2), "
         "randn(2, 5, 3, offset=3))", False, "q (2, 1, 4), k (2, 5, 4), v (2, 5, 3)"),
        ("one_of_each", "(randn(1, 1, 4, offset=11), randn(1, 1, 4, offset=2), "
         "randn(1, 1, 6, offset=3))", True, "q, k (1, 1, 4), v (1, 1, 6)"),
        ("float32", "heads((2, 3, 6, 4), 4, dtype=torch.float32)", True,
         "float32 q, k, v of shape (2, 3, 6, 4)"),
    ]
    cases = []
    for name, qkv, causal, says in scenarios:
        # the hidden tests' tolerance in float64; in float32 they look only at the dtype
        rtol, atol = (1e-4, 1e-5) if name == "float32" else (1e-7, 1e-9)
        for part, what in enumerate(("the output", "the weights")):
            cases.append(Case(f"{name}_{part}", f"({part},) + {qkv}",
                              f"{says}, causal={causal}: {what}",
                              kwargs=f"{{'causal': {causal}}}", rtol=rtol, atol=atol))
    return tuple(cases)


def _split_cases() -> tuple[Case, ...]:
    return tuple(Case(f"split{i}", f"(randn({', '.join(map(str, shape))}, offset={20 + i}), "
                      f"{n_head})",
                      f"x of shape {shape}, n_head={n_head}", compare="exact")
                 for i, (shape, n_head) in enumerate((((2, 5, 12), 3), ((1, 4, 12), 4),
                                                      ((3, 2, 8), 2), ((2, 6, 6), 1))))


def _merge_cases() -> tuple[Case, ...]:
    return tuple(Case(f"merge{i}", f"(randn({', '.join(map(str, shape))}, offset={30 + i}),)",
                      f"x of shape {shape}", compare="exact")
                 for i, shape in enumerate(((2, 3, 5, 4), (1, 4, 3, 3), (3, 2, 4, 2),
                                            (2, 1, 6, 5))))


CHECKS = Assignment("pixels_to_gpt.attention", prelude=PRELUDE, fixtures=FIXTURES, questions=(
    Question("test_scaled_dot_product_attention", "scaled_dot_product_attention",
             _attention_cases(), driver="attend"),
    Question("test_split_heads", "split_heads", _split_cases(), driver="untouched"),
    Question("test_merge_heads", "merge_heads", _merge_cases(), driver="untouched"),
))
