"""Chapter 5's outside checks: causal self-attention, the transformer block, counting parameters.

The cases follow the hidden tests (and are no stricter): random float64 weights and inputs,
fresh for each submission (`SEED`), in the shapes the hidden tests use, and their edge cases
(a batch of one, a single token, large inputs, tokens of (almost) zero variance). Expected
values come from the package's `CausalSelfAttention`, `Block` and `GPT`, computed outside the
sandbox with the same weights.
"""

from __future__ import annotations

import dataclasses
import inspect

import torch
import torch.nn.functional as F

from pixels_to_gpt import model
from pixels_to_gpt.grading.verdict import Assignment, Case, Question

# The set-up imports GPTConfig (and Block, the reference, for the visible tests only: it
# holds correct answers, so it is not there outside). GPTConfig's source holds no answer.
CONFIG_SOURCE = "from dataclasses import dataclass\n\n\n" + inspect.getsource(model.GPTConfig)


def imported(source: str, *names: str) -> str:
    """Code that runs `source` (a module's text) apart and binds only `names`, as `from
    pixels_to_gpt.model import ...` does: the answer cells see nothing else of it. (Its
    classes belong to __main__: dataclasses look their module up in sys.modules.)"""
    return (f"_module = {{'__name__': '__main__'}}\n"
            f"exec(compile({source!r}, 'pixels_to_gpt/model.py', 'exec'), _module)\n"
            + "".join(f"{name} = _module[{name!r}]\n" for name in names) + "del _module\n")


PRELUDE = ("import math\n\nimport torch\nimport torch.nn.functional as F\n\n"
           + imported(CONFIG_SOURCE, "GPTConfig") + "\ntorch.manual_seed(0)\n")

FIXTURES = "import math\n\n" + CONFIG_SOURCE + '''

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
'''


# ---------------------------------------------- expected values: the package, outside only
def _config(w: dict, C: int, n_head: int) -> model.GPTConfig:
    return model.GPTConfig(n_embd=C, n_head=n_head, bias="ln_1.bias" in w)


@torch.no_grad()
def expected_attention(x: torch.Tensor, w: dict, n_head: int) -> torch.Tensor:
    """The package's CausalSelfAttention loaded with the attention weights of w."""
    attn = model.CausalSelfAttention(_config(w, x.size(-1), n_head)).to(x.dtype).eval()
    attn.load_state_dict({name[5:]: t for name, t in w.items() if name.startswith("attn.")})
    return attn(x)


@torch.no_grad()
def expected_block(x: torch.Tensor, w: dict, n_head: int) -> torch.Tensor:
    """The package's Block loaded with w."""
    block = model.Block(_config(w, x.size(-1), n_head)).to(x.dtype).eval()
    block.load_state_dict(w)
    return block(x)


def expected_count(config) -> int:
    """sum(p.numel() for p in GPT(config).parameters()), the tied head counted once.

    A GPT-2 medium would take gigabytes, and the meta device imports torch._dynamo (seconds):
    so the package's GPT is built here with one block, one token and one position, and each
    further block adds what the first holds, each further token and position n_embd more."""
    fields = {**dataclasses.asdict(config), "vocab_size": 1, "block_size": 1, "n_layer": 1}
    small = model.GPT(model.GPTConfig(**fields))
    block = sum(p.numel() for p in small.blocks[0].parameters())
    return (sum(p.numel() for p in small.parameters()) + (config.n_layer - 1) * block
            + (config.vocab_size - 1 + config.block_size - 1) * config.n_embd)


# ------------------------------------ injected in place of the student's attention (sandbox)
def causal_self_attention(x, w, n_head):
    """CausalSelfAttention.forward with the weights of w, in torch alone: stands in for the
    student's attention while block_forward is checked, as the package's does in the kernel."""
    B, T, C = x.shape
    q, k, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=2)
    q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    y = y.transpose(1, 2).contiguous().view(B, T, C)
    return F.linear(y, w["attn.proj.weight"], w.get("attn.proj.bias"))


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


CONFIGS = ((65, 128, 4, 4, 128, False), (50257, 1024, 12, 12, 768, True),  # the visible two
           (100, 16, 3, 2, 24, True), (7, 5, 1, 1, 8, False), (30, 9, 2, 4, 16, True),
           (65, 256, 6, 6, 384, False), (50257, 1024, 24, 16, 1024, True))


def _count_cases() -> tuple[Case, ...]:
    names = ("vocab_size", "block_size", "n_layer", "n_head", "n_embd", "bias")
    cases = []
    for values in CONFIGS:
        config = ", ".join(f"{n}={v}" for n, v in zip(names, values, strict=True))
        cases.append(Case(f"V{values[0]}_L{values[2]}_C{values[4]}", f"(GPTConfig({config}),)",
                          f"GPTConfig({config})", compare="exact"))
    return tuple(cases)


CHECKS = Assignment(
    reference=__name__,  # causal_self_attention above, for block_forward's needs
    prelude=PRELUDE,
    fixtures=FIXTURES,
    questions=(
        Question("test_causal_self_attention", "causal_self_attention", _attention_cases(),
                 reference=f"{__name__}:expected_attention"),
        Question("test_block_forward", "block_forward", _block_cases(),
                 needs=("causal_self_attention",), reference=f"{__name__}:expected_block"),
        Question("test_count_parameters", "count_parameters", _count_cases(),
                 reference=f"{__name__}:expected_count"),
    ),
)
