"""attend_with_cache that attends to the new keys only, as if nothing were cached."""
# message: attends to the cached keys
# %% attend_with_cache
def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    y = F.scaled_dot_product_attention(q, k_new, v_new, is_causal=True)
    cache_k, cache_v = update_cache(cache_k, cache_v, k_new, v_new, max_len)
    return y, cache_k, cache_v
