"""Chapter 7's outside checks: softmax, temperature, top-k, top-p, sampling, generation.

The cases follow the hidden tests (and are no stricter), with fresh random logits for each
submission (`SEED`). Expected values come from `pixels_to_gpt.sampling`, computed outside
the sandbox; draws are judged by their frequencies and by what a seed reproduces.
"""

from __future__ import annotations

from pixels_to_gpt_grader.verdict import Assignment, Case, Question, Records

FIXTURES = '''
import math


def randn(*shape, scale=1.0, offset=0, dtype=torch.float32):
    """Fresh logits for this submission: the seed is drawn by the grader."""
    g = torch.Generator().manual_seed(SEED + offset)
    return torch.randn(*shape, generator=g, dtype=dtype) * scale


def spread(n, width, offset):
    """Rows on very different scales: each row has its own maximum and k-th largest."""
    x = randn(n, width, offset=offset)
    x[1] *= 100
    return x


def safe_p(x, candidates):
    """The first p that no row's cumulative probability comes near (rounding can't decide)."""
    for p in candidates:
        ok = True
        for row in x.tolist():
            top = max(row)
            exps = sorted((math.exp(v - top) for v in row), reverse=True)
            total, mass = sum(exps), 0.0
            for e in exps:
                mass += e / total
                ok = ok and abs(mass - p) > 1e-3
        if ok:
            return p
    return 1.0


def logits_of(probs, n):
    """n identical rows whose softmax is `probs`."""
    return torch.tensor([[math.log(q) if q > 0 else float("-inf") for q in probs]]).repeat(n, 1)


def seeded(offset=0):
    return torch.Generator().manual_seed(SEED + offset)


class Window(torch.nn.Module):
    """A language model over 10 tokens that shows how it is called: after the ids it sees,
    the next id is their sum mod 10, moved by 3 in training mode and by 5 with gradients on."""

    def __init__(self, sure=100.0):
        super().__init__()
        self.sure = sure

    def forward(self, idx):
        shift = 3 * int(self.training) + 5 * int(torch.is_grad_enabled())
        following = (idx.cumsum(dim=1) + shift) % 10
        return torch.nn.functional.one_hot(following, 10).float() * self.sure


class Counting(torch.nn.Module):
    """After token t comes (t + 1) mod 10, for sure."""

    def forward(self, idx):
        return torch.nn.functional.one_hot((idx + 1) % 10, 10).float() * 100
'''

MIXED = "torch.tensor([[0.1, 2.0, 0.3, -1.0], [3.0, 0.2, 0.1, 2.9], [-5.0, -4.0, -6.0, -4.5]])"


def _softmax_cases() -> tuple[Case, ...]:
    cases = [Case(f"row{i}", f"(torch.tensor([{row}]),)", f"[{row}]", rtol=1e-3)
             for i, row in enumerate(("1000.0, 1001.0", "-1000.0, -999.0", "88.0, 89.5, 90.0",
                                      "0.0, 0.0, 0.0", "0.0, float('-inf'), 1.0"))]
    cases.append(Case("rows", "(torch.tensor([[1000.0, 1001.0], [-1000.0, -999.0]]),)",
                      "two rows on different scales", rtol=1e-3))
    for dim in (0, 1, 2, -1, -2):
        cases.append(Case(f"dim{dim}", "(randn(2, 3, 4, scale=5.0, dtype=torch.float64),)",
                          f"a 2x3x4 float64 tensor, dim={dim}", kwargs=f"{{'dim': {dim}}}",
                          rtol=1e-9, atol=1e-12))
    cases.append(Case("float32", "(randn(3, 5, scale=3.0, offset=1),)", "a 3x5 float32 tensor"))
    return tuple(cases)


def _temperature_cases() -> tuple[Case, ...]:
    x = "randn(2, 3, scale=4.0, offset=2)"
    cases = [Case(f"t{t}", f"({x}, {t})", f"x, {t}") for t in (0.1, 0.7, 1.0, 2.5, 10.0)]
    cases += [Case(f"bad{i}", f"({x}, {t})", f"x, {t}", compare="raises")
              for i, t in enumerate(("0", "0.0", "-1.0", "-1e-9"))]
    return tuple(cases)


def _top_k_cases() -> tuple[Case, ...]:
    x = "spread(3, 10, 3)"
    cases = [Case(f"k{k}", f"({x}, {k})", f"x, k={k}") for k in (1, 3, 7, 10, 15)]
    cases += [Case(f"ties{i}", f"(torch.tensor([{row}]), {k})", f"[{row}], k={k}")
              for i, (row, k) in enumerate((("4.0, 3.0, 3.0, 1.0", 2), ("5.0, 5.0, 1.0", 1),
                                             ("1.0, 3.0, 3.0, 2.0", 2)))]
    cases += [Case(f"bad{k}", f"({x}, {k})", f"x, k={k}", compare="raises") for k in (0, -1)]
    return tuple(cases)


def _top_p_cases() -> tuple[Case, ...]:
    x = "randn(4, 12, scale=2.0, offset=4)"
    cases = [Case(f"p{i}", f"({x}, safe_p({x}, {grid}))", f"x, p near {grid[0]}")
             for i, grid in enumerate(((0.3, 0.33, 0.27), (0.62, 0.65, 0.58), (0.9, 0.88, 0.92),
                                       (0.97, 0.96, 0.98)))]
    cases += [Case("sure", "(torch.tensor([[10.0, 0.0, 0.0]]), 0.01)", "[10, 0, 0], 0.01"),
              Case("order", "(torch.tensor([[0.0, 9.0, 1.0, 2.0]]), 0.01)", "[0, 9, 1, 2], 0.01"),
              Case("all", "(torch.tensor([[1.0, float('-inf'), 0.5, 2.0]]), 1.0)",
                   "[1, -inf, 0.5, 2], 1.0")]
    cases += [Case(f"bad{i}", f"({x}, {p})", f"x, p={p}", compare="raises")
              for i, p in enumerate(("0", "0.0", "-0.1", "1.5"))]
    return tuple(cases)


DRAWS = {  # case id -> (probabilities, keyword arguments): what the frequencies must follow
    "plain": ("[0.5, 0.3, 0.15, 0.05]", "{}"),
    "hot": ("[0.5, 0.3, 0.15, 0.05]", "{'temperature': 2.0}"),
    "top_k": ("[0.5, 0.3, 0.15, 0.05]", "{'top_k': 2}"),
    "tempered_nucleus": ("[0.665, 0.245, 0.09]", "{'temperature': 0.5, 'top_p': 0.8}"),
    "k_then_p": ("[0.4, 0.3, 0.2, 0.1]", "{'top_k': 2, 'top_p': 0.5}"),
}


def _sample_cases() -> tuple[Case, ...]:
    cases = [Case("greedy", f"({MIXED},)", "logits, temperature=0",
                  kwargs="{'temperature': 0}", compare="exact"),
             Case("bad", f"({MIXED},)", "logits, temperature=-1.0",
                  kwargs="{'temperature': -1.0}", compare="raises")]
    for name, (probs, kwargs) in DRAWS.items():
        cases.append(Case(name, f"(logits_of({probs}, 20000),)", f"20000 rows, {kwargs}",
                          kwargs=f"{{**{kwargs}, 'generator': seeded()}}", compare="shape"))
    for name, offset in (("seed_a", 5), ("seed_b", 5), ("seed_c", 6)):
        cases.append(Case(name, f"({MIXED}.repeat(50, 1),)", "150 rows with a seeded generator",
                          kwargs=f"{{'generator': seeded({offset})}}", compare="shape"))
    return tuple(cases)


def _frequencies(record: dict, width: int) -> list[float]:
    ids = record["result"]["values"]
    counts = [0] * width
    for i in ids:
        if isinstance(i, int) and 0 <= i < width:
            counts[i] += 1
    return [c / max(1, len(ids)) for c in counts]


def judge_draws(got: Records, want: Records) -> str | None:
    """Draws follow the distribution; filtered tokens never come; a seed reproduces."""
    for name, (probs, kwargs) in DRAWS.items():
        width = len(eval(probs))  # the literal above
        drawn, expected = _frequencies(got[name], width), _frequencies(want[name], width)
        if any(abs(d - e) > 0.025 or (e == 0) != (d == 0) for d, e in zip(drawn, expected,
                                                                          strict=True)):
            return (f"sample_next_token with {kwargs} draws tokens with frequencies "
                    f"{[round(d, 3) for d in drawn]}, expected about "
                    f"{[round(e, 3) for e in expected]}: apply the temperature, then top-k, "
                    "then top-p, and draw with torch.multinomial on the probabilities")
    a, b, c = (got[n]["result"]["values"] for n in ("seed_a", "seed_b", "seed_c"))
    if a != b:
        return ("sample_next_token gave different tokens for the same generator seed: pass "
                "generator=generator on to torch.multinomial")
    if a == c:
        return ("sample_next_token gave the same tokens for different generator seeds: draw "
                "with the generator you are given")
    return None


def _generate_cases() -> tuple[Case, ...]:
    rows = "torch.tensor([[0, 1, 2, 3, 4, 5], [5, 6, 7, 8, 9, 0]])"
    return (
        Case("window", f"(Window().train(), {rows}, 3, 4)",
             "a model in training mode, 3 new tokens, context_size=4", compare="exact"),
        Case("long", f"(Window(), {rows}, 8, 3)", "8 new tokens, context_size=3",
             compare="exact"),
        Case("eos", "(Counting(), torch.tensor([[6], [3]]), 10, 8)", "eos_id=9",
             kwargs="{'eos_id': 9}", compare="exact"),
        Case("no_eos", "(Counting(), torch.tensor([[7]]), 5, 8)", "no eos_id",
             compare="exact"),
        Case("sampled", "(Window(sure=1.0), torch.tensor([[1, 2], [3, 4]]), 40, 5)",
             "temperature=0.7, top_k=8, top_p=0.95 and a seeded generator",
             kwargs="{'temperature': 0.7, 'top_k': 8, 'top_p': 0.95, 'generator': seeded(9)}",
             compare="exact"),
    )


SAMPLING_HELPERS = ("softmax", "apply_temperature", "top_k_filter", "top_p_filter")

CHECKS = Assignment(
    reference="pixels_to_gpt.sampling",
    prelude="import torch\n\ntorch.manual_seed(0)\n",
    fixtures=FIXTURES,
    questions=(
        Question("test_softmax", "softmax", _softmax_cases()),
        Question("test_apply_temperature", "apply_temperature", _temperature_cases(),
                 fresh=True),
        Question("test_top_k_filter", "top_k_filter", _top_k_cases()),
        Question("test_top_p_filter", "top_p_filter", _top_p_cases(), needs=("softmax",)),
        Question("test_sample_next_token", "sample_next_token", _sample_cases(),
                 needs=SAMPLING_HELPERS, judge=judge_draws),
        Question("test_generate", "generate", _generate_cases(),
                 needs=(*SAMPLING_HELPERS, "filtered_distribution",
                        "sample_next_token")),
    ),
)
