"""cached_attention_mask ending in .squeeze(): one new token gets a 1-D mask, (n_cached + 1,), not (1, n_cached + 1)."""
# message: one row per new query
# %% cached_attention_mask
def cached_attention_mask(n_new, n_cached, max_len):
    query_pos = torch.arange(n_new)[:, None] + n_cached
    key_pos = torch.arange(n_cached + n_new)[None, :]
    return ((key_pos <= query_pos) & (key_pos > query_pos - max_len)).squeeze()
