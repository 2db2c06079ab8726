"""attend_with_cache with no mask at all: fine for one new token, but several new tokens see the future."""
# message: plain causal attention
# %% attend_with_cache
def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    cache_k, cache_v = update_cache(cache_k, cache_v, k_new, v_new, max_len)
    y = F.scaled_dot_product_attention(q, cache_k, cache_v)
    return y, cache_k, cache_v
