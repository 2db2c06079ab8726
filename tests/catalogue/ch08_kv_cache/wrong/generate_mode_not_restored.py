"""generate_cached leaves a model that was training in evaluation mode."""
# message: must be training again afterwards
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
    return idx
