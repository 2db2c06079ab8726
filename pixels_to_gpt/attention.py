"""Attention written out by hand, so it can be read, checked and looked at.

The model (`pixels_to_gpt.model`) calls PyTorch's fused `scaled_dot_product_attention`,
which never shows its attention weights. These functions compute the same thing step by
step and return the weights too, for the heat maps of chapter 4.

Shapes: B batch, T time (tokens), C channels (model width), nh heads, hs head size
(C // nh). Leading dimensions written `...` may be anything (such as (B, nh)).
"""

from __future__ import annotations

import math

import torch

from pixels_to_gpt.model import GPT, CausalSelfAttention


def causal_mask(T: int, device: torch.device | str | None = None) -> torch.Tensor:
    """(T, T) booleans, True where a query may look: at its own position and the earlier ones.

    >>> causal_mask(3).int()
    tensor([[1, 0, 0],
            [1, 1, 0],
            [1, 1, 1]], dtype=torch.int32)
    """
    return torch.ones(T, T, dtype=torch.bool, device=device).tril()


def scaled_dot_product_attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool = False
) -> tuple[torch.Tensor, torch.Tensor]:
    """softmax(q k^T / sqrt(hs)) v, and the attention weights (the softmax) themselves.

    q (..., Tq, hs), k (..., Tk, hs), v (..., Tk, hv) -> output (..., Tq, hv),
    weights (..., Tq, Tk): row i says how much query i takes from each value; rows sum to 1.
    With `causal=True` (self-attention, Tq == Tk), query i only sees keys 0..i.
    """
    hs = q.size(-1)
    # dot products of random vectors grow like sqrt(hs): dividing keeps the softmax soft
    scores = q @ k.transpose(-2, -1) / math.sqrt(hs)  # (..., Tq, Tk)
    if causal:
        allowed = causal_mask(scores.size(-1), device=scores.device)[-scores.size(-2):]
        # -inf before the softmax gives the future a weight of exactly 0, and the rest of
        # the row still sums to 1 (masking after the softmax would break both)
        scores = scores.masked_fill(~allowed, float("-inf"))
    weights = torch.softmax(scores, dim=-1)  # over the keys: one distribution per query
    return weights @ v, weights


def split_heads(x: torch.Tensor, n_head: int) -> torch.Tensor:
    """(B, T, C) -> (B, nh, T, hs): head h gets channels h*hs .. (h+1)*hs - 1.

    The view alone would give (B, T, nh, hs); the transpose makes each head a separate
    (T, hs) matrix, so attention runs on all heads at once as a batch.
    """
    B, T, C = x.shape
    if C % n_head:
        raise ValueError(f"{C} channels cannot be split into {n_head} equal heads")
    return x.view(B, T, n_head, C // n_head).transpose(1, 2)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """(B, nh, T, hs) -> (B, T, C): the heads' outputs side by side again (C = nh * hs)."""
    B, nh, T, hs = x.shape
    # transpose makes the memory non-contiguous: reshape copies where view would fail
    return x.transpose(1, 2).reshape(B, T, nh * hs)


def self_attention(
    x: torch.Tensor, attn: CausalSelfAttention
) -> tuple[torch.Tensor, torch.Tensor]:
    """What the model's `attn` computes from x, by hand, with its weights (no dropout).

    x (B, T, C) -> output (B, T, C), attention weights (B, nh, T, T).
    """
    C = x.size(-1)
    q, k, v = attn.qkv(x).split(C, dim=-1)  # each (B, T, C)
    q, k, v = (split_heads(t, attn.n_head) for t in (q, k, v))  # each (B, nh, T, hs)
    y, weights = scaled_dot_product_attention(q, k, v, causal=True)
    return attn.proj(merge_heads(y)), weights


def attention_maps(model: GPT, idx: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
    """Run the GPT by hand on token ids and keep every layer's attention weights.

    idx (B, T) -> logits (B, T, V), [weights (B, nh, T, T) for each layer]. Gives the
    model's own logits (in eval mode); the weights stay in the autograd graph, so a loss
    computed from the logits can be differentiated with respect to them.
    """
    T = idx.size(1)
    x = model.tok_emb(idx) + model.pos_emb(torch.arange(T, device=idx.device))
    maps = []
    for block in model.blocks:
        y, weights = self_attention(block.ln_1(x), block.attn)
        x = x + y
        x = x + block.mlp(block.ln_2(x))
        maps.append(weights)
    return model.lm_head(model.ln_f(x)), maps
