"""update_cache that keeps max_len - 1 positions, thinking the new token does not count."""
# message: keep the last max_len=3 keys
# %% update_cache
def update_cache(cache_k, cache_v, k_new, v_new, max_len):
    keys = torch.cat([cache_k, k_new], dim=-2)
    values = torch.cat([cache_v, v_new], dim=-2)
    return keys[..., -(max_len - 1):, :], values[..., -(max_len - 1):, :]
