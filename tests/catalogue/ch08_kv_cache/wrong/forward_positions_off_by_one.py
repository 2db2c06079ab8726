"""cached_forward starts the positions one too far on, at cache.length + 1."""
# message: positions from cache.length
# %% cached_forward
def cached_forward(model, idx, cache):
    start = cache.length + 1
    positions = torch.arange(start, start + idx.size(1))
    x = model.drop(model.tok_emb(idx) + model.pos_emb(positions))
    for layer, block in enumerate(model.blocks):
        x = block(x, cache, layer)
    return model.lm_head(model.ln_f(x))
