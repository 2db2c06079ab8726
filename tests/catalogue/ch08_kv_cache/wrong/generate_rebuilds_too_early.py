"""generate_cached rebuilds the cache when the next token would just fill the window
(cache.length + 1 >= block_size): right tokens, but it recomputes a window that still fit."""
# message: Rebuild only when the next token would not fit
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    block_size = model.config.block_size
    model.eval()
    cache = KVCache(model.config.n_layer)
    new = idx[:, -block_size:]
    with torch.no_grad():
        for _ in range(max_new_tokens):
            if cache.length + new.size(1) >= block_size:
                cache, new = KVCache(model.config.n_layer), idx[:, -block_size:]
            logits = cached_forward(model, new, cache)[:, -1, :]
            new = sample_next_token(logits, temperature, top_k, top_p, generator)
            idx = torch.cat([idx, new], dim=1)
    return idx
