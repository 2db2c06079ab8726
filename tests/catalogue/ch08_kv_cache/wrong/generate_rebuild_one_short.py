"""generate_cached rebuilds the cache from the last block_size - 1 tokens: one token of context too
few, unlike uncached generation."""
# message: not fewer, and not the old cache
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    block_size = model.config.block_size
    model.eval()
    cache = KVCache(model.config.n_layer)
    new = idx[:, -block_size:]
    with torch.no_grad():
        for _ in range(max_new_tokens):
            if cache.length + new.size(1) > block_size:
                cache, new = KVCache(model.config.n_layer), idx[:, -(block_size - 1):]
            logits = cached_forward(model, new, cache)[:, -1, :]
            new = sample_next_token(logits, temperature, top_k, top_p, generator)
            idx = torch.cat([idx, new], dim=1)
    return idx
