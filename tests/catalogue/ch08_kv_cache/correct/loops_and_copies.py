"""update_cache that clones the new keys when the cache is empty and slices with a computed start; attention one query at a time with squeeze(-2) (only the token dimension), stacked back."""
# %% update_cache
def update_cache(cache_k, cache_v, k_new, v_new, max_len):
    if cache_k.size(-2) == 0:
        keys, values = k_new.clone(), v_new.clone()
    else:
        keys, values = torch.cat((cache_k, k_new), -2), torch.cat((cache_v, v_new), -2)
    start = max(0, keys.size(-2) - max_len)
    return keys[:, :, start:].contiguous(), values[:, :, start:].contiguous()

# %% attend_with_cache
def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    S, T = cache_k.size(-2), q.size(-2)
    keys = torch.cat([cache_k, k_new], dim=-2)
    values = torch.cat([cache_v, v_new], dim=-2)
    mask = cached_attention_mask(T, S, max_len)
    rows = []
    for t in range(T):
        out = F.scaled_dot_product_attention(q[..., t:t + 1, :], keys, values, attn_mask=mask[t:t + 1])
        rows.append(out.squeeze(-2))  # (B, nh, hs)
    new_k, new_v = update_cache(cache_k, cache_v, k_new, v_new, max_len)
    return torch.stack(rows, dim=-2), new_k, new_v
