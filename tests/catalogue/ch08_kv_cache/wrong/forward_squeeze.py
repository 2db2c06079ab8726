"""cached_forward squeezes the logits: one new token loses its time dimension."""
# message: keep the time dimension
# %% cached_forward
def cached_forward(model, idx, cache):
    start = cache.length
    x = model.drop(model.tok_emb(idx) + model.pos_emb(torch.arange(start, start + idx.size(1))))
    for layer, block in enumerate(model.blocks):
        x = block(x, cache, layer)
    return model.lm_head(model.ln_f(x)).squeeze()
