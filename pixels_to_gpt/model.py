"""The course's GPT: a decoder-only transformer small enough to train on a laptop CPU.

Shapes: B batch, T time (tokens), C channels (n_embd), nh heads, hs head size (C // nh),
V vocabulary, S tokens held by a KV cache (the cached ones and the new ones).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class GPTConfig:
    vocab_size: int = 65
    block_size: int = 128  # the context window: the most tokens the model sees at once
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0
    bias: bool = False  # biases in Linear and LayerNorm layers (GPT-2 has them)


class KVCache:
    """The keys and values every layer computed for the tokens seen so far (chapter 8).

    Generating one token at a time, the model then computes only the new token's query, key
    and value and reuses the cached ones, instead of recomputing the whole sequence. Keys and
    values are (B, nh, S, hs); S never exceeds the context window (GPT.forward checks).
    """

    def __init__(self, n_layer: int):
        self.keys: list[torch.Tensor | None] = [None] * n_layer
        self.values: list[torch.Tensor | None] = [None] * n_layer

    @property
    def length(self) -> int:
        """How many tokens are cached: also the position of the next token."""
        return 0 if self.keys[0] is None else self.keys[0].size(2)

    def update(
        self, layer: int, k: torch.Tensor, v: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Append the new tokens' k, v (B, nh, T, hs) to `layer`'s; return all (B, nh, S, hs)."""
        if self.keys[layer] is not None:
            k = torch.cat([self.keys[layer], k], dim=2)
            v = torch.cat([self.values[layer], v], dim=2)
        self.keys[layer], self.values[layer] = k, v
        return k, v


class CausalSelfAttention(nn.Module):
    """Every position attends to itself and the positions before it, in `n_head` heads."""

    def __init__(self, config: GPTConfig):
        super().__init__()
        assert config.n_embd % config.n_head == 0, "n_embd must be a multiple of n_head"
        self.n_head = config.n_head
        self.dropout = config.dropout
        self.qkv = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)
        self.proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)
        self.resid_dropout = nn.Dropout(config.dropout)

    def forward(
        self, x: torch.Tensor, cache: KVCache | None = None, layer: int = 0
    ) -> torch.Tensor:
        """(B, T, C) -> (B, T, C). With a cache, x holds only the new tokens."""
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=2)
        # (B, T, C) -> (B, nh, T, hs): each head attends on its own slice of the channels
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        if cache is not None:
            k, v = cache.update(layer, k, v)  # (B, nh, S, hs): the cached tokens, then the new
        S = k.size(2)
        # A token sees itself and the tokens before it. Without a cache (S == T) that is SDPA's
        # own causal mask; one new token sees everything cached; several new ones need the
        # mask shifted right by the S - T cached tokens (is_causal would align it top-left).
        mask = None
        if T not in (1, S):
            mask = torch.ones(T, S, dtype=torch.bool, device=x.device).tril(S - T)
        # softmax(q k^T / sqrt(hs)) v with the future masked out, in one fused kernel
        y = F.scaled_dot_product_attention(
            q, k, v, attn_mask=mask, is_causal=T == S,
            dropout_p=self.dropout if self.training else 0.0,
        )
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # heads side by side again
        return self.resid_dropout(self.proj(y))


class MLP(nn.Module):
    """Position-wise feed-forward network: widen 4x, GELU, project back."""

    def __init__(self, config: GPTConfig):
        super().__init__()
        self.fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, T, C) -> (B, T, C)"""
        return self.dropout(self.proj(F.gelu(self.fc(x))))


class Block(nn.Module):
    """A transformer block: attention then MLP, each on a layer-normed copy, added back."""

    def __init__(self, config: GPTConfig):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = MLP(config)

    def forward(
        self, x: torch.Tensor, cache: KVCache | None = None, layer: int = 0
    ) -> torch.Tensor:
        """(B, T, C) -> (B, T, C)"""
        x = x + self.attn(self.ln_1(x), cache, layer)  # tokens exchange information
        x = x + self.mlp(self.ln_2(x))  # each token thinks on its own
        return x


class GPT(nn.Module):
    """Token ids in, next-token logits out, for every position."""

    def __init__(self, config: GPTConfig):
        super().__init__()
        self.config = config
        self.tok_emb = nn.Embedding(config.vocab_size, config.n_embd)
        self.pos_emb = nn.Embedding(config.block_size, config.n_embd)
        self.drop = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.n_layer))
        self.ln_f = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        # weight tying: the same matrix reads tokens in and scores them out
        self.lm_head.weight = self.tok_emb.weight

        self.apply(self._init_weights)
        # GPT-2's scaled init: residual projections shrink with depth so the sum stays tame
        for name, p in self.named_parameters():
            if name.endswith("proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def num_params(self, include_position: bool = True) -> int:
        """All the model's parameters, each tensor once (the tied head is the token table).

        812,288 for the course's model (chapter 5 counts them part by part). With
        include_position=False, the position embeddings are left out (795,904), as nanoGPT
        does for its estimate of the computation per token: looking a vector up costs nothing.
        """
        n = sum(p.numel() for p in self.parameters())
        return n if include_position else n - self.pos_emb.weight.numel()

    def forward(
        self,
        idx: torch.Tensor,
        targets: torch.Tensor | None = None,
        cache: KVCache | None = None,
    ):
        """idx (B, T) token ids -> logits (B, T, V); with targets (B, T), also the loss.

        Returns logits alone without targets, else (logits, mean cross-entropy). With a
        `cache` (chapter 8), idx holds only the tokens after the cached ones: they sit at
        positions cache.length, cache.length + 1, ... and the cache grows by T.
        """
        B, T = idx.shape
        start = 0 if cache is None else cache.length
        if start + T > self.config.block_size:
            if cache is None:
                raise ValueError(
                    f"sequence of {T} tokens is longer than the context window "
                    f"({self.config.block_size}): crop it to the last {self.config.block_size}"
                )
            raise ValueError(
                f"the cache holds {start} tokens and {T} more would not fit in the context "
                f"window ({self.config.block_size}): start a new KVCache with the last "
                f"{self.config.block_size} tokens (their positions have all changed)"
            )
        pos = torch.arange(start, start + T, device=idx.device)
        x = self.drop(self.tok_emb(idx) + self.pos_emb(pos))  # (B, T, C)
        for layer, block in enumerate(self.blocks):
            x = block(x, cache, layer)
        logits = self.lm_head(self.ln_f(x))  # (B, T, V)
        if targets is None:
            return logits
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.reshape(-1))
        return logits, loss
