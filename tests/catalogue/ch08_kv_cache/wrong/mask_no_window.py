"""cached_attention_mask that is causal but forgets the window: a query sees more than max_len keys."""
# message: at most max_len - 1 before it
# %% cached_attention_mask
def cached_attention_mask(n_new, n_cached, max_len):
    return torch.ones(n_new, n_cached + n_new, dtype=torch.bool).tril(n_cached)
