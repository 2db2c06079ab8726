"""generate_cached takes the logits of the first position of what it fed: after the prefill that
is the prompt's first token, not its last."""
# message: the first new token is wrong
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    block_size = model.config.block_size
    was_training = model.training
    model.eval()
    cache = KVCache(model.config.n_layer)
    new = idx[:, -block_size:]
    with torch.no_grad():
        for _ in range(max_new_tokens):
            if cache.length + new.size(1) > block_size:
                cache, new = KVCache(model.config.n_layer), idx[:, -block_size:]
            logits = cached_forward(model, new, cache)[:, 0, :]
            new = sample_next_token(logits, temperature, top_k, top_p, generator)
            idx = torch.cat([idx, new], dim=1)
    if was_training:
        model.train()
    return idx
