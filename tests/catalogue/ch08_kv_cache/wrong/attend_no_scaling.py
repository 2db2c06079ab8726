"""attend_with_cache written out by hand but without dividing the scores by sqrt(head size)."""
# message: plain causal attention
# %% attend_with_cache
def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    keys = torch.cat([cache_k, k_new], dim=-2)
    values = torch.cat([cache_v, v_new], dim=-2)
    scores = q @ keys.transpose(-2, -1)
    mask = cached_attention_mask(q.size(-2), cache_k.size(-2), max_len)
    scores = scores.masked_fill(~mask, float("-inf"))
    y = torch.softmax(scores, dim=-1) @ values
    cache_k, cache_v = update_cache(cache_k, cache_v, k_new, v_new, max_len)
    return y, cache_k, cache_v
