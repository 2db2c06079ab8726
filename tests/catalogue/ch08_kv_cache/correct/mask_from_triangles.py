"""cached_attention_mask as the overlap of two triangles (tril for the past, triu for the window)."""
# %% cached_attention_mask
def cached_attention_mask(n_new, n_cached, max_len):
    ones = torch.ones(n_new, n_cached + n_new, dtype=torch.bool)
    return ones.tril(diagonal=n_cached) & ones.triu(diagonal=n_cached - max_len + 1)
