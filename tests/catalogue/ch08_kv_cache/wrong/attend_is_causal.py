"""attend_with_cache using is_causal=True: right with an empty cache, wrong once tokens are cached."""
# message: is_causal=True aligns the mask
# %% attend_with_cache
def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    keys = torch.cat([cache_k, k_new], dim=-2)
    values = torch.cat([cache_v, v_new], dim=-2)
    y = F.scaled_dot_product_attention(q, keys, values, is_causal=True)
    cache_k, cache_v = update_cache(cache_k, cache_v, k_new, v_new, max_len)
    return y, cache_k, cache_v
