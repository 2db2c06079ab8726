"""update_cache that computes where the window starts and slices with narrow."""
# %% update_cache
def update_cache(cache_k, cache_v, k_new, v_new, max_len):
    keys = torch.cat((cache_k, k_new), dim=2)
    values = torch.cat((cache_v, v_new), dim=2)
    start = max(0, keys.shape[2] - max_len)
    return keys.narrow(2, start, keys.shape[2] - start), values.narrow(2, start, values.shape[2] - start)
