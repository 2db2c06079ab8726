"""attend_with_cache that, with an empty cache, returns the caller's own k_new and v_new as the new cache instead of calling update_cache."""
# message: shares memory
# %% attend_with_cache
def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    keys = torch.cat([cache_k, k_new], dim=-2)
    values = torch.cat([cache_v, v_new], dim=-2)
    mask = cached_attention_mask(q.size(-2), cache_k.size(-2), max_len)
    y = F.scaled_dot_product_attention(q, keys, values, attn_mask=mask)
    if cache_k.size(-2) == 0 and k_new.size(-2) <= max_len:
        return y, k_new, v_new  # nothing cached yet: the new keys are the cache
    cache_k, cache_v = update_cache(cache_k, cache_v, k_new, v_new, max_len)
    return y, cache_k, cache_v
