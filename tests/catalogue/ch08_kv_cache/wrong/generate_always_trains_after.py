"""generate_cached ends with model.train() whatever the mode it found: a model in evaluation mode
comes back training."""
# message: must stay in it
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
                cache, new = KVCache(model.config.n_layer), idx[:, -block_size:]
            logits = cached_forward(model, new, cache)[:, -1, :]
            new = sample_next_token(logits, temperature, top_k, top_p, generator)
            idx = torch.cat([idx, new], dim=1)
    model.train()
    return idx
