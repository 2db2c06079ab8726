"""cached_forward forgets the final layer norm: the head scores the blocks' raw output."""
# message: then ln_f and lm_head
# %% cached_forward
def cached_forward(model, idx, cache):
    start = cache.length
    x = model.drop(model.tok_emb(idx) + model.pos_emb(torch.arange(start, start + idx.size(1))))
    for layer, block in enumerate(model.blocks):
        x = block(x, cache, layer)
    return model.lm_head(x)
