"""generate_cached is a while loop with a helper that starts a cache from the window; cached_forward
is written in one expression per step, with the layer index from enumerate(start=0)."""
# %% cached_forward
def cached_forward(model, idx, cache):
    here = torch.arange(cache.length, cache.length + idx.shape[1])
    hidden = model.drop(model.tok_emb(idx) + model.pos_emb(here)[None])
    for number, block in enumerate(model.blocks, start=0):
        hidden = block(hidden, cache, number)
    return model.lm_head(model.ln_f(hidden))
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    limit = model.config.block_size

    def start_from_window(tokens):
        fresh = KVCache(model.config.n_layer)
        return fresh, cached_forward(model, tokens[:, -limit:], fresh)[:, -1, :]

    before = model.training
    model.eval()
    out = idx.clone()
    with torch.no_grad():
        cache, logits = start_from_window(out)
        written = 0
        while written < max_new_tokens:
            token = sample_next_token(logits, temperature, top_k, top_p, generator)
            out = torch.cat([out, token], 1)
            written += 1
            if written == max_new_tokens:
                break
            if cache.length + 1 > limit:
                cache, logits = start_from_window(out)
            else:
                logits = cached_forward(model, token, cache)[:, -1, :]
    if before:
        model.train()
    return out
