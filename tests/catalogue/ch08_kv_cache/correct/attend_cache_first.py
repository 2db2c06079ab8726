"""attend_with_cache that updates the cache first and attends over the last max_len + T - 1 keys."""
# %% attend_with_cache
def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    T = q.shape[-2]
    keys, values = update_cache(cache_k, cache_v, k_new, v_new, max_len + T - 1)
    n_cached = keys.shape[-2] - T
    y = F.scaled_dot_product_attention(q, keys, values,
                                       attn_mask=cached_attention_mask(T, n_cached, max_len))
    return y, keys[..., -max_len:, :], values[..., -max_len:, :]
