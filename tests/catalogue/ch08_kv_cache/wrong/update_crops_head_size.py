"""update_cache that crops with [..., -max_len:], the last dimension (the head size), instead of the positions."""
# message: keep the last max_len
# %% update_cache
def update_cache(cache_k, cache_v, k_new, v_new, max_len):
    keys = torch.cat([cache_k, k_new], dim=-2)[..., -max_len:]
    values = torch.cat([cache_v, v_new], dim=-2)[..., -max_len:]
    return keys, values
