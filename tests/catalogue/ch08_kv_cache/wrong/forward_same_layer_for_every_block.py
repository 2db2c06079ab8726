"""cached_forward calls every block as block(x, cache): all of them append to layer 0 of the cache,
so the second block attends to the first block's keys as well as its own."""
# message: block(x, cache, layer)
# %% cached_forward
def cached_forward(model, idx, cache):
    start = cache.length
    x = model.drop(model.tok_emb(idx) + model.pos_emb(torch.arange(start, start + idx.size(1))))
    for block in model.blocks:
        x = block(x, cache)
    return model.lm_head(model.ln_f(x))
