"""generate_cached runs the model with gradients on: the same tokens, but every step keeps a graph
it never uses."""
# message: torch.no_grad()
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    block_size, n_layer = model.config.block_size, model.config.n_layer
    was_training = model.training
    model.eval()
    cache, new = KVCache(n_layer), idx[:, -block_size:]
    for _ in range(max_new_tokens):  # gradients on: every step keeps a graph
        if cache.length + new.size(1) > block_size:
            cache, new = KVCache(n_layer), idx[:, -block_size:]
        new = sample_next_token(cached_forward(model, new, cache)[:, -1, :], temperature,
                                top_k, top_p, generator)
        idx = torch.cat([idx, new], dim=1)
    if was_training:
        model.train()
    return idx
