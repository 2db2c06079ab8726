"""attend_with_cache that crops cache + new keys to the last max_len before attending: after the window slides, earlier new queries lose keys they may see (the mask's n_cached starts in the wrong place)."""
# message: differs from attention over the whole sequence
# %% attend_with_cache
def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    keys, values = update_cache(cache_k, cache_v, k_new, v_new, max_len)
    T = q.size(-2)
    mask = cached_attention_mask(T, keys.size(-2) - T, max_len)
    y = F.scaled_dot_product_attention(q, keys, values, attn_mask=mask)
    return y, keys, values
