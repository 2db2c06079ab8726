"""From logits to text: the reference sampling functions of chapter 7.

The names, signatures and rules are the contract in the course's sampling-exercise spec;
students write their own versions of the same functions in the chapter-7 exercise.

Shapes: B batch, T time, V vocabulary. "Logits" are raw, unnormalised scores.
"""

from __future__ import annotations

from collections.abc import Callable

import torch


def softmax(logits: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """Probabilities along `dim`: exp(x_i) / sum_j exp(x_j), computed without overflow.

    Subtracting the row's maximum first changes nothing mathematically (the factor e^-max
    cancels) but keeps every exponent <= 0, so exp never overflows.

    >>> softmax(torch.tensor([1000.0, 1001.0]))
    tensor([0.2689, 0.7311])
    """
    shifted = logits - logits.amax(dim=dim, keepdim=True)
    exps = torch.exp(shifted)  # -inf becomes exactly 0
    return exps / exps.sum(dim=dim, keepdim=True)


def apply_temperature(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """Divide the logits by the temperature: < 1 sharpens the distribution, > 1 flattens it.

    >>> apply_temperature(torch.tensor([2.0, 1.0]), 0.5)
    tensor([4., 2.])
    """
    if not temperature > 0:  # also rejects nan
        raise ValueError(
            f"temperature must be greater than 0, got {temperature}: use temperature=0 in "
            "sample_next_token for greedy decoding, or a small positive value such as 0.1"
        )
    return logits / temperature


def top_k_filter(logits: torch.Tensor, k: int) -> torch.Tensor:
    """Keep the k largest logits of each row (ties with the k-th included); the rest -inf.

    logits (..., V) -> (..., V)

    >>> top_k_filter(torch.tensor([1.0, 3.0, 2.0, 3.0]), 2)
    tensor([-inf, 3., -inf, 3.])
    """
    if k < 1:
        raise ValueError(f"top-k needs k >= 1, got k={k}: k=1 keeps only the most likely token")
    if k >= logits.size(-1):
        return logits.clone()
    kth_largest = torch.topk(logits, k, dim=-1).values[..., -1:]  # (..., 1)
    return logits.masked_fill(logits < kth_largest, float("-inf"))


def top_p_filter(logits: torch.Tensor, p: float) -> torch.Tensor:
    """Nucleus filter: keep the fewest most likely tokens whose probabilities reach `p`.

    logits (..., V) -> (..., V); the most likely token is always kept.

    >>> top_p_filter(torch.tensor([3.0, 2.0, 1.0, 0.0]), 0.8)  # probs .64 .24 .09 .03
    tensor([3., 2., -inf, -inf])
    """
    if not 0 < p <= 1:
        raise ValueError(f"top-p needs 0 < p <= 1, got p={p}: p=1 keeps every token")
    if p == 1:
        return logits.clone()
    sorted_logits, order = torch.sort(logits, dim=-1, descending=True)
    probs = softmax(sorted_logits, dim=-1)
    mass_before = torch.cumsum(probs, dim=-1) - probs  # probability of the tokens ranked above
    drop_sorted = mass_before >= p  # enough mass already: this token is not needed
    drop = drop_sorted.scatter(-1, order, drop_sorted)  # back to vocabulary order
    return logits.masked_fill(drop, float("-inf"))


def sample_next_token(
    logits: torch.Tensor,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Draw one token id per row. logits (B, V) -> ids (B, 1), dtype long.

    temperature 0 is greedy (argmax). Otherwise: temperature, then top-k, then top-p (the
    order of Hugging Face transformers), softmax, and one draw with `torch.multinomial`.
    """
    if temperature == 0:
        return logits.argmax(dim=-1, keepdim=True)
    logits = apply_temperature(logits, temperature)
    if top_k is not None:
        logits = top_k_filter(logits, top_k)
    if top_p is not None:
        logits = top_p_filter(logits, top_p)
    probs = softmax(logits, dim=-1)
    return torch.multinomial(probs, num_samples=1, generator=generator)


Model = Callable[[torch.Tensor], torch.Tensor]


def generate(
    model: Model,
    idx: torch.Tensor,
    max_new_tokens: int,
    context_size: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    eos_id: int | None = None,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Extend each row of idx (B, T) by up to `max_new_tokens` sampled tokens -> (B, T + n).

    The model maps ids (B, t) to logits (B, t, V) and sees at most the last `context_size`
    tokens. A row that produced `eos_id` is finished: it is padded with `eos_id`, and
    generation stops once every row is finished.
    """
    was_training = getattr(model, "training", False)
    if hasattr(model, "eval"):
        model.eval()  # e.g. dropout off
    finished = torch.zeros(idx.size(0), dtype=torch.bool, device=idx.device)
    try:
        with torch.no_grad():
            for _ in range(max_new_tokens):
                logits = model(idx[:, -context_size:])[:, -1, :]  # (B, V) at the last position
                next_id = sample_next_token(logits, temperature, top_k, top_p, generator)
                if eos_id is not None:
                    next_id = next_id.masked_fill(finished[:, None], eos_id)
                    finished |= next_id[:, 0] == eos_id
                idx = torch.cat([idx, next_id], dim=1)
                if eos_id is not None and bool(finished.all()):
                    break
    finally:
        if was_training:
            model.train()
    return idx
