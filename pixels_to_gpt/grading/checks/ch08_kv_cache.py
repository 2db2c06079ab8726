"""Chapter 8's outside checks: updating a KV cache, its attention mask, one cached step.

The cases follow the hidden tests (and are no stricter): random float64 queries, keys and
values, fresh for each submission (`SEED`), in the hidden tests' shapes and steps: an empty
cache, a cache that fills up and slides (the window of `max_len`), more new tokens than fit,
a batch of one with a single head, large queries. A driver takes what the student's function
returns apart, one tensor per case, and refuses a returned cache that shares memory with the
caller's tensors. Expected values are computed outside the sandbox by the functions below:
the definitions the exercise states (the mask, literally), and attention with that mask over
the cached and new keys, which is attention over the whole sequence within the window.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from pixels_to_gpt.grading.verdict import Assignment, Case, Question

PRELUDE = """import torch
import torch.nn.functional as F

torch.manual_seed(0)
"""

FIXTURES = '''
def randn(*shape, offset=0):
    """Fresh float64 numbers for this submission: the seed is drawn by the grader."""
    g = torch.Generator().manual_seed(SEED + offset)
    return torch.randn(*shape, generator=g, dtype=torch.float64)


def cache_and_new(S, T, m, offset):
    """update_cache's arguments: a (2, 3, S, 4) cache, T new positions, max_len=m."""
    return (*(randn(2, 3, n, 4, offset=offset + i) for i, n in enumerate((S, S, T, T))), m)


def step(B, nh, n, start, T, m, offset, top=None, cached=None):
    """attend_with_cache's arguments for tokens start .. start + T - 1 of a sequence of n
    tokens: their queries, keys and values, and a cache of the `cached` tokens before them
    (by default the last m, what a full cache holds), max_len=m. With `top`, the queries are
    scaled so that the largest is top: an in-place change that only large values trigger
    (a clamp_ at some bound below it) shows whatever the seed."""
    Q, K, V = (randn(B, nh, n, 4, offset=offset + i) for i in range(3))
    c0 = max(0, start - m) if cached is None else start - cached
    new = slice(start, start + T)
    q = Q[:, :, new].clone()
    if top is not None:
        q = q * (top / q.abs().max())
    return (q, K[:, :, new].clone(), V[:, :, new].clone(), K[:, :, c0:start].clone(),
            V[:, :, c0:start].clone(), m)


def _storage(t):
    return torch._C.TensorBase.untyped_storage(t).data_ptr()


def returned(function, *args, part, n, cache_from, names):
    """Item `part` of the n tensors function(*args) returns. Items from `cache_from` on are
    the cache, which must be new tensors: not an input, nor a view of one (an empty tensor
    owns no memory)."""
    out = function(*args)
    if not isinstance(out, tuple) or len(out) != n:
        raise TypeError(f"it must return a tuple of {n} tensors: {names}")
    item = out[part]
    inputs = [a for a in args if isinstance(a, torch.Tensor)]
    if part >= cache_from and isinstance(item, torch.Tensor) and _storage(item) != 0 and any(
            _storage(item) == _storage(a) for a in inputs):
        raise ValueError(
            "the returned cache shares memory with the caller's tensors (it is k_new or v_new "
            "itself, or a view of an input): changing one later would change the other. "
            "Return new tensors: torch.cat makes one, even when the cache is empty")
    return item
'''


# ----------------------------- the reference: computed outside; injected where another needs it
def update_cache(cache_k, cache_v, k_new, v_new, max_len):
    """(B, nh, S, hs) cache + (B, nh, T, hs) new -> the last max_len positions of both."""
    keys = torch.cat([cache_k, k_new], dim=-2)[..., -max_len:, :]
    values = torch.cat([cache_v, v_new], dim=-2)[..., -max_len:, :]
    return keys, values


def cached_attention_mask(n_new, n_cached, max_len):
    """The exercise's definition, literally: new token i (at position n_cached + i) sees key j
    when n_cached + i - max_len < j <= n_cached + i."""
    return torch.tensor([[n_cached + i - max_len < j <= n_cached + i
                          for j in range(n_cached + n_new)] for i in range(n_new)],
                        dtype=torch.bool).reshape(n_new, n_cached + n_new)


def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    """Attention of the new queries over the cached and new keys, within the window."""
    keys = torch.cat([cache_k, k_new], dim=-2)
    values = torch.cat([cache_v, v_new], dim=-2)
    mask = cached_attention_mask(q.size(-2), cache_k.size(-2), max_len)
    y = F.scaled_dot_product_attention(q, keys, values, attn_mask=mask)
    return (y, *update_cache(cache_k, cache_v, k_new, v_new, max_len))


# ------------------------------------------------------------------------------ the cases
def _parts(id: str, args: str, says: str, names: tuple[str, ...], cache_from: int,
           parts: tuple[int, ...] | None = None, **tolerance) -> list[Case]:
    """One case per returned tensor that is compared (all of them by default)."""
    listed = "(" + ", ".join(names) + ")"
    return [Case(f"{id}_{names[p]}", args, f"{says}; its {names[p]}",
                 kwargs=f"{{'part': {p}, 'n': {len(names)}, 'cache_from': {cache_from}, "
                        f"'names': {listed!r}}}", **tolerance)
            for p in (range(len(names)) if parts is None else parts)]


def _update_cases() -> tuple[Case, ...]:
    cases = []
    for i, (S, T, m) in enumerate(((0, 3, 8), (0, 1, 4), (4, 1, 8), (5, 2, 6), (5, 1, 6),
                                   (6, 1, 6), (3, 5, 4), (2, 9, 4))):
        cases += _parts(f"S{S}_T{T}_m{m}", f"cache_and_new({S}, {T}, {m}, {10 * i})",
                        f"a cache of {S} positions, {T} new, max_len={m}",
                        ("keys", "values"), cache_from=0, compare="exact")
    return tuple(cases)


def _mask_cases() -> tuple[Case, ...]:
    return tuple(Case(f"n{n}_c{c}_m{m}", f"({n}, {c}, {m})",
                      f"n_new={n}, n_cached={c}, max_len={m}", compare="exact")
                 for n, c, m in ((4, 0, 8), (1, 5, 8), (3, 2, 8), (1, 6, 6), (3, 4, 5),
                                 (5, 0, 3), (2, 7, 4), (3, 0, 8), (1, 4, 8)))


ATTEND = ("y", "new_cache_k", "new_cache_v")


def _attend_cases() -> tuple[Case, ...]:
    cases, start, m = [], 0, 5
    for T in (3, 1, 1, 2, 1, 3, 1):  # 12 tokens, a few at a time: the window fills and slides
        what = f"tokens {start}..{start + T - 1} with {min(start, m)} cached (max_len={m})"
        args = f"step(2, 2, 12, {start}, {T}, {m}, 100)"
        cases += _parts(f"t{start}", args, what, ATTEND, 1, (0,), rtol=1e-7, atol=1e-9)
        cases += _parts(f"t{start}", args, what, ATTEND, 1, (1, 2), compare="exact")
        start += T
    start, m = 0, 3
    for T in (2, 1, 1, 2):  # a batch of one and a single head keep their dimensions
        what = (f"B=1, nh=1, tokens {start}..{start + T - 1} with {min(start, m)} cached "
                f"(max_len={m})")
        cases += _parts(f"one_t{start}", f"step(1, 1, 6, {start}, {T}, {m}, 200)", what,
                        ATTEND, 1, (0,), rtol=1e-7, atol=1e-9)
        start += T
    # large queries (sharp attention; the hidden tests' reach up to about 95): the inputs
    # must come back unchanged
    cases += _parts("large", "step(2, 2, 7, 5, 2, 5, 300, top=160.0, cached=4)",
                    "queries up to 160, tokens 5..6 with 4 cached (max_len=5)", ATTEND, 1, (0,),
                    rtol=1e-6, atol=1e-8)
    return tuple(cases)


CHECKS = Assignment(
    reference=__name__,  # the functions above: expected values, and attend_with_cache's needs
    prelude=PRELUDE,
    fixtures=FIXTURES,
    questions=(
        Question("test_update_cache", "update_cache", _update_cases(), driver="returned"),
        Question("test_cached_attention_mask", "cached_attention_mask", _mask_cases()),
        Question("test_attend_with_cache", "attend_with_cache", _attend_cases(),
                 driver="returned", needs=("update_cache", "cached_attention_mask")),
    ),
)
