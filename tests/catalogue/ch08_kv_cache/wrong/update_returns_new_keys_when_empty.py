"""update_cache that, with an empty cache, returns the caller's own k_new and v_new ("nothing to join"): the new cache is the caller's tensor, so changing one later changes the other."""
# message: shares memory
# %% update_cache
def update_cache(cache_k, cache_v, k_new, v_new, max_len):
    if cache_k.size(-2) == 0 and k_new.size(-2) <= max_len:
        return k_new, v_new
    keys = torch.cat([cache_k, k_new], dim=-2)[..., -max_len:, :]
    values = torch.cat([cache_v, v_new], dim=-2)[..., -max_len:, :]
    return keys, values
