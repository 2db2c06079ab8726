"""cached_forward runs the blocks without the cache: the new tokens see only each other, and the
cache never fills."""
# message: pass the cache you were given
# %% cached_forward
# changes to wrong/forward_squeeze:
# - for layer, block in enumerate(model.blocks):
# - x = block(x, cache, layer)
# - return model.lm_head(model.ln_f(x)).squeeze()
# + for block in model.blocks:
# +     x = block(x)
# + return model.lm_head(model.ln_f(x))
