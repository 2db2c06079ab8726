"""cached_forward starts the positions one too far on, at cache.length + 1."""
# message: positions from cache.length
# %% cached_forward
# changes to the reference:
# - def cached_forward(model: GPT, idx: torch.Tensor, cache: KVCache) -> torch.Tensor:
# - """Logits (B, T, V) of the new tokens idx (B, T), which follow the cache.length cached ones."""
# - start = cache.length  # before the blocks make the cache longer
# + def cached_forward(model, idx, cache):
# +     start = cache.length + 1
