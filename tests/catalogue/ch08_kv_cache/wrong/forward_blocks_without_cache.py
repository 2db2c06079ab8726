"""cached_forward runs the blocks without the cache: the new tokens see only each other, and the
cache never fills."""
# message: pass the cache you were given
# %% cached_forward
def cached_forward(model, idx, cache):
    start = cache.length
    x = model.drop(model.tok_emb(idx) + model.pos_emb(torch.arange(start, start + idx.size(1))))
    for block in model.blocks:
        x = block(x)
    return model.lm_head(model.ln_f(x))
