"""cached_attention_mask as is_causal builds it: tril aligned top-left, ignoring the cached tokens."""
# message: one new token sees all cached tokens and itself
# %% cached_attention_mask
def cached_attention_mask(n_new, n_cached, max_len):
    return torch.ones(n_new, n_cached + n_new, dtype=torch.bool).tril()
