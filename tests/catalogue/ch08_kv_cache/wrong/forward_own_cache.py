"""cached_forward makes a KVCache of its own instead of filling the one it was given: the caller's
cache stays empty."""
# message: every layer of the cache must hold 3 tokens
# %% cached_forward
def cached_forward(model, idx, cache):
    start = cache.length
    own = KVCache(len(model.blocks))
    x = model.drop(model.tok_emb(idx) + model.pos_emb(torch.arange(start, start + idx.size(1))))
    for layer, block in enumerate(model.blocks):
        x = block(x, own, layer)
    return model.lm_head(model.ln_f(x))
