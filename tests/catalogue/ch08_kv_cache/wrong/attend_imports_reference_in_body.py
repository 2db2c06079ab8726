"""attend_with_cache that imports the course's KVCache inside the function body to join the keys (the import is not a global)."""
# message: course's package
# %% attend_with_cache
def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    import pixels_to_gpt.model

    cache = pixels_to_gpt.model.KVCache(1)
    cache.update(0, cache_k, cache_v)
    keys, values = cache.update(0, k_new, v_new)
    mask = cached_attention_mask(q.size(-2), cache_k.size(-2), max_len)
    y = F.scaled_dot_product_attention(q, keys, values, attn_mask=mask)
    return y, keys[..., -max_len:, :], values[..., -max_len:, :]
