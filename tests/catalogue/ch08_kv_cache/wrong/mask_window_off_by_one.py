"""cached_attention_mask whose window holds max_len keys before the query, max_len + 1 with it."""
# message: n_cached + i - max_len < j
# %% cached_attention_mask
def cached_attention_mask(n_new, n_cached, max_len):
    query_pos = torch.arange(n_new)[:, None] + n_cached
    key_pos = torch.arange(n_cached + n_new)[None, :]
    return (key_pos <= query_pos) & (key_pos >= query_pos - max_len)
