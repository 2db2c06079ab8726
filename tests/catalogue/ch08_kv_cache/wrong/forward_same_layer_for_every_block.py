"""cached_forward calls every block as block(x, cache): all of them append to layer 0 of the cache,
so the second block attends to the first block's keys as well as its own."""
# message: block(x, cache, layer)
# %% cached_forward
# changes to wrong/forward_squeeze:
# - for layer, block in enumerate(model.blocks):
# - x = block(x, cache, layer)
# - return model.lm_head(model.ln_f(x)).squeeze()
# + for block in model.blocks:
# +     x = block(x, cache)
# + return model.lm_head(model.ln_f(x))
