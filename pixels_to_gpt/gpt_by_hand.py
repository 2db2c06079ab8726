"""A transformer block computed by hand from its weights, and dropout written out.

Chapter 5's `Block` and `CausalSelfAttention` are `nn.Module`s: their weights live inside
them and `model.train()` / `model.eval()` switch their dropout. The functions here do the
same work in the open, on a plain dictionary of weights (exactly `Block(...).state_dict()`)
and with the training flag as an argument, as the chapter 5 exercise asks for them. With
the same weights they give the modules' outputs in evaluation mode.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def causal_self_attention(x: torch.Tensor, w: dict[str, torch.Tensor],
                          n_head: int) -> torch.Tensor:
    """(B, T, C) -> (B, T, C): multi-head causal self-attention with the weights in w.

    `w` holds `attn.qkv.weight` (3C, C), `attn.proj.weight` (C, C) and, for a model built
    with `bias=True`, their biases: what `CausalSelfAttention.forward` computes in eval mode.
    """
    B, T, C = x.shape
    # one projection gives queries, keys and values side by side: (B, T, 3C)
    q, k, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
    # (B, T, C) -> (B, nh, T, hs): each head attends on its own slice of the channels
    q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
    # softmax(q k^T / sqrt(hs)) v, each position seeing only itself and the past
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)  # (B, nh, T, hs)
    # heads side by side again: transpose back first, or the channels of heads mix
    y = y.transpose(1, 2).reshape(B, T, C)
    return F.linear(y, w["attn.proj.weight"], w.get("attn.proj.bias"))


def block_forward(x: torch.Tensor, w: dict[str, torch.Tensor], n_head: int) -> torch.Tensor:
    """(B, T, C) -> (B, T, C): the pre-norm transformer block with the weights in w.

    `x + attention(ln_1(x))`, then `+ mlp(ln_2(...))` on the updated stream: what
    `Block.forward` computes in eval mode, where dropout does nothing.
    """
    C = x.size(-1)
    # pre-norm: the sub-layer reads a normalised copy; the residual stream x is never normed
    h = F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias"))
    x = x + causal_self_attention(h, w, n_head)  # a new tensor: the caller's x stays as it is
    h = F.layer_norm(x, (C,), w["ln_2.weight"], w.get("ln_2.bias"))
    # the MLP, position by position: widen 4x, exact GELU, project back
    h = F.gelu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias")))
    return x + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))


def dropout(x: torch.Tensor, p: float, training: bool,
            generator: torch.Generator | None = None) -> torch.Tensor:
    """(any shape) -> (the same shape): inverted dropout, as `nn.Dropout(p)` does it.

    In training each element is zeroed with probability p, by the rule "keep where
    `torch.rand(x.shape, generator=generator) >= p`", and the kept ones are divided by 1 - p,
    so that each element's expected value stays what it was. In use (`training=False`) x
    comes back unchanged. p = 0 keeps everything; p = 1 zeros everything.
    """
    if not 0.0 <= p <= 1.0:  # also refuses nan, in both modes, as nn.Dropout(p) does
        raise ValueError(f"dropout probability p must be between 0 and 1, got {p}")
    if not training:
        # the scaling happened in training, so using the model needs no correction at all
        return x
    # uniform numbers in [0, 1): each is >= p with probability 1 - p; the generator makes a
    # seed reproduce the same mask
    keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
    # 1 / (1 - p) keeps the mean: E[out] = (1 - p) * x / (1 - p) = x. At p = 1 nothing is kept
    # and the scale would be 1 / 0: every element is 0, without a nan from 0 * inf
    scale = 0.0 if p == 1.0 else 1.0 / (1.0 - p)
    return x * keep * scale
