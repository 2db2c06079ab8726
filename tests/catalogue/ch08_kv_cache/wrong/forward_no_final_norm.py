"""cached_forward forgets the final layer norm: the head scores the blocks' raw output."""
# message: then ln_f and lm_head
# %% cached_forward
# changes to wrong/forward_squeeze:
# - return model.lm_head(model.ln_f(x)).squeeze()
# + return model.lm_head(x)
