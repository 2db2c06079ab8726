"""attend_with_cache that clamps the caller's queries in place (q.clamp_(-10, 10)) "so the scores cannot overflow": only large queries show it."""
# message: changed its inputs in place
# %% attend_with_cache
def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    q.clamp_(-10.0, 10.0)
    keys = torch.cat([cache_k, k_new], dim=-2)
    values = torch.cat([cache_v, v_new], dim=-2)
    mask = cached_attention_mask(q.size(-2), cache_k.size(-2), max_len)
    y = F.scaled_dot_product_attention(q, keys, values, attn_mask=mask)
    cache_k, cache_v = update_cache(cache_k, cache_v, k_new, v_new, max_len)
    return y, cache_k, cache_v
