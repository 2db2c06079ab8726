"""cached_forward returns only the last position's logits (B, V), what generation needs, instead
of one row per new token."""
# message: one row per new token
# %% cached_forward
# changes to wrong/forward_squeeze:
# - return model.lm_head(model.ln_f(x)).squeeze()
# + return model.lm_head(model.ln_f(x))[:, -1, :]
