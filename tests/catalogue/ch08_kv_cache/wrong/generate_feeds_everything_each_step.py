"""generate_cached feeds the whole text at every step, with the cache: the tokens already cached
come again, at new positions after themselves."""
# message: a token before the window was full is wrong
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    block_size = model.config.block_size
    model.eval()
    cache = KVCache(model.config.n_layer)
    with torch.no_grad():
        for _ in range(max_new_tokens):
            new = idx[:, -block_size:]
            if cache.length + new.size(1) > block_size:
                cache = KVCache(model.config.n_layer)
            logits = cached_forward(model, new, cache)[:, -1, :]
            idx = torch.cat([idx, sample_next_token(logits, temperature, top_k, top_p, generator)],
                            dim=1)
    return idx
