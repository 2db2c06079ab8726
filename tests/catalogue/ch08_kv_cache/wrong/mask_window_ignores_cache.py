"""cached_attention_mask whose window start forgets the cached tokens (j > i - max_len, not j > n_cached + i - max_len): once the window slides, queries still see the oldest keys."""
# message: n_cached + i - max_len < j
# %% cached_attention_mask
def cached_attention_mask(n_new, n_cached, max_len):
    i = torch.arange(n_new)[:, None]
    j = torch.arange(n_cached + n_new)[None, :]
    return (j <= n_cached + i) & (j > i - max_len)
