"""Generation with a KV cache (chapter 8): the same tokens as `sampling.generate`, faster.

Uncached generation runs the model on the whole context at every step, recomputing the keys
and values of tokens it has already seen. Here the prompt goes through the model once (the
"prefill") and then each step feeds only the newest token, reusing the cached keys and values
(`cached_forward`). The loop that chooses each token is `sampling.sample_tokens`, the same as
`generate`'s, so for the same seed both produce the same tokens.
"""

from __future__ import annotations

import torch

from pixels_to_gpt.model import GPT, KVCache
from pixels_to_gpt.sampling import check_prompt, sample_tokens


def cached_forward(model: GPT, idx: torch.Tensor, cache: KVCache) -> torch.Tensor:
    """The logits (B, T, V) of the new tokens idx (B, T), which follow the cached ones.

    The model's own pieces, run on the new tokens only: the new tokens sit at positions
    cache.length, ..., cache.length + T - 1, and every block appends their keys and values to
    its layer of the cache (which grows by T) and attends to all of them. The logits equal
    those of model(whole sequence) at the same positions. (`GPT.forward(idx, cache=cache)`
    does the same.)
    """
    T = idx.size(1)
    start = cache.length  # read before the blocks run: they make the cache longer
    if start + T > model.config.block_size:
        raise ValueError(
            f"the cache holds {start} tokens and {T} more would not fit in the context window "
            f"({model.config.block_size}): start a new KVCache with the last "
            f"{model.config.block_size} tokens (their positions have all changed)")
    positions = torch.arange(start, start + T, device=idx.device)  # not from 0: after the cache
    x = model.drop(model.tok_emb(idx) + model.pos_emb(positions))  # (B, T, C)
    for layer, block in enumerate(model.blocks):
        x = block(x, cache, layer)  # each block keeps its own layer's keys and values
    return model.lm_head(model.ln_f(x))  # (B, T, V)


def generate_cached(
    model: GPT,
    idx: torch.Tensor,
    max_new_tokens: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    generator: torch.Generator | None = None,
    eos_id: int | None = None,
) -> torch.Tensor:
    """Extend each row of idx (B, T) by up to `max_new_tokens` tokens -> (B, T + n).

    The arguments in the order of the chapter-8 exercise's `generate_cached` (which has no
    `eos_id`), so that a call written for either works with both. Same contract as
    `sampling.generate(model, idx, ..., context_size=block_size)`: the model
    sees at most its last `block_size` tokens, and a row that produced `eos_id` is padded with
    it. When the window is full and slides on, every token's position changes, so every cached
    key and value is stale: the cache is rebuilt from the last `block_size` tokens (from then
    on each step costs as much as without a cache).
    """
    check_prompt(idx, max_new_tokens, caller="generate_cached")
    block_size, n_layer = model.config.block_size, model.config.n_layer
    cache = KVCache(n_layer)  # a new one for every call: nothing left from another text

    def next_logits(idx: torch.Tensor) -> torch.Tensor:
        """The logits (B, V) of the token after idx (B, t), feeding only what the cache lacks."""
        nonlocal cache
        # the first step feeds the whole prompt (the prefill), then only the token just drawn
        new = idx[:, -block_size:] if cache.length == 0 else idx[:, -1:]
        if cache.length + new.size(1) > block_size:  # the window slides: start over
            cache, new = KVCache(n_layer), idx[:, -block_size:]
        return cached_forward(model, new, cache)[:, -1, :]  # (B, V), last position

    return sample_tokens(model, next_logits, idx, max_new_tokens, temperature, top_k, top_p,
                         eos_id, generator)
