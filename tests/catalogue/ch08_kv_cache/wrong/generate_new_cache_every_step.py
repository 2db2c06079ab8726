"""generate_cached makes a new cache at every step and feeds it only the newest token: each token
is seen alone, at position 0."""
# message: a token before the window was full is wrong
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    block_size = model.config.block_size
    model.eval()
    new = idx[:, -block_size:]
    with torch.no_grad():
        for _ in range(max_new_tokens):
            logits = cached_forward(model, new, KVCache(model.config.n_layer))[:, -1, :]
            new = sample_next_token(logits, temperature, top_k, top_p, generator)
            idx = torch.cat([idx, new], dim=1)
    return idx
