"""generate_cached runs the model on the whole window at every step, with a new cache each time:
the right tokens, but nothing is reused."""
# message: Rebuild only when the next token would not fit
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    block_size = model.config.block_size
    model.eval()
    with torch.no_grad():
        for _ in range(max_new_tokens):
            logits = cached_forward(model, idx[:, -block_size:], KVCache(model.config.n_layer))
            idx = torch.cat([idx, sample_next_token(logits[:, -1, :], temperature, top_k, top_p,
                                                    generator)], dim=1)
    return idx
