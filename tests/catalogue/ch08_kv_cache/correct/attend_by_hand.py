"""attend_with_cache with attention written out (scores, -inf mask, softmax), no SDPA."""
# %% attend_with_cache
import math


def attend_with_cache(q, k_new, v_new, cache_k, cache_v, max_len):
    keys = torch.cat([cache_k, k_new], dim=-2)
    values = torch.cat([cache_v, v_new], dim=-2)
    scores = q @ keys.transpose(-2, -1) / math.sqrt(q.size(-1))
    allowed = cached_attention_mask(q.size(-2), cache_k.size(-2), max_len)
    weights = torch.softmax(scores.masked_fill(~allowed, float("-inf")), dim=-1)
    new_k, new_v = update_cache(cache_k, cache_v, k_new, v_new, max_len)
    return weights @ values, new_k, new_v
