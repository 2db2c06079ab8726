"""attend_with_cache that scales the queries with q /= sqrt(hs), changing the caller's tensor."""
# message: changed its inputs in place
# %% attend_with_cache
def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    q /= q.size(-1) ** 0.5
    keys = torch.cat([cache_k, k_new], dim=-2)
    values = torch.cat([cache_v, v_new], dim=-2)
    mask = cached_attention_mask(q.size(-2), cache_k.size(-2), max_len)
    y = F.scaled_dot_product_attention(q, keys, values, attn_mask=mask, scale=1.0)
    cache_k, cache_v = update_cache(cache_k, cache_v, k_new, v_new, max_len)
    return y, cache_k, cache_v
