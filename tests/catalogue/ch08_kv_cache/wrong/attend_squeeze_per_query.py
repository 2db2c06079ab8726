"""attend_with_cache attending one new query at a time and dropping its token dimension with .squeeze(): a batch of one or a single head loses its dimension too."""
# message: squeeze
# %% attend_with_cache
def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    keys = torch.cat([cache_k, k_new], dim=-2)
    values = torch.cat([cache_v, v_new], dim=-2)
    mask = cached_attention_mask(q.size(-2), cache_k.size(-2), max_len)
    rows = []
    for t in range(q.size(-2)):
        out = F.scaled_dot_product_attention(q[..., t:t + 1, :], keys, values, attn_mask=mask[t:t + 1])
        rows.append(out.squeeze())  # (B, nh, hs)
    y = torch.stack(rows, dim=-2)
    cache_k, cache_v = update_cache(cache_k, cache_v, k_new, v_new, max_len)
    return y, cache_k, cache_v
