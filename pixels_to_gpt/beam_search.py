"""Beam search: keep the `beam_width` most probable sequences instead of one greedy choice.

Used in chapter 7 to compare with sampling: beam search finds sequences of high total
probability (good for translation), sampling finds varied, lively text.
"""

from __future__ import annotations

import torch

from pixels_to_gpt.sampling import Model


@torch.no_grad()
def beam_search(
    model: Model, idx: torch.Tensor, max_new_tokens: int, context_size: int, beam_width: int = 4
) -> tuple[torch.Tensor, float]:
    """The most probable continuation found: ids (1, T + max_new_tokens) and its log-prob.

    idx is one prompt of shape (1, T). Each step extends every beam by every token and keeps
    the `beam_width` extensions with the highest total log-probability.
    """
    if idx.size(0) != 1:
        raise ValueError(f"beam_search takes one prompt, shape (1, T); got {tuple(idx.shape)}")
    was_training = getattr(model, "training", False)
    if hasattr(model, "eval"):
        model.eval()  # dropout off while searching; the caller's mode is restored below
    beams = idx  # (W, T): one row per beam, a single one at first
    scores = torch.zeros(1)  # (W,) total log-probability of each beam's new tokens
    try:
        for _ in range(max_new_tokens):
            logits = model(beams[:, -context_size:])[:, -1, :]  # (W, V)
            candidates = scores[:, None] + torch.log_softmax(logits, dim=-1)  # (W, V)
            vocab = candidates.size(-1)
            scores, flat = candidates.flatten().topk(min(beam_width, candidates.numel()))
            parent, token = flat // vocab, flat % vocab
            beams = torch.cat([beams[parent], token[:, None]], dim=1)
    finally:
        if was_training:
            model.train()
    return beams[:1], scores[0].item()


@torch.no_grad()
def sequence_log_prob(model: Model, ids: torch.Tensor, prompt_len: int, context_size: int) -> float:
    """Total log-probability the model gives to ids[0, prompt_len:] after the prompt."""
    total = 0.0
    for t in range(prompt_len, ids.size(1)):
        logits = model(ids[:, max(0, t - context_size) : t])[:, -1, :]
        total += torch.log_softmax(logits, dim=-1)[0, ids[0, t]].item()
    return total
