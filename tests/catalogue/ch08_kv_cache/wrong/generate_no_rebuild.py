"""generate_cached never rebuilds the cache: once the window is full, the next token's position
would be past the window, and the model refuses it."""
# message: start a new KVCache
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    model.eval()
    cache = KVCache(model.config.n_layer)
    new = idx[:, -model.config.block_size:]
    with torch.no_grad():
        for _ in range(max_new_tokens):
            logits = cached_forward(model, new, cache)[:, -1, :]
            new = sample_next_token(logits, temperature, top_k, top_p, generator)
            idx = torch.cat([idx, new], dim=1)
    return idx
