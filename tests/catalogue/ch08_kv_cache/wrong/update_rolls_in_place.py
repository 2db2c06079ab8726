"""update_cache that, once full, shifts the caller's cache in place and writes the new token at the end."""
# message: in place
# %% update_cache
def update_cache(cache_k, cache_v, k_new, v_new, max_len):
    if cache_k.size(-2) == max_len and k_new.size(-2) == 1:
        cache_k[..., :-1, :] = cache_k[..., 1:, :].clone()
        cache_v[..., :-1, :] = cache_v[..., 1:, :].clone()
        cache_k[..., -1:, :] = k_new
        cache_v[..., -1:, :] = v_new
        return cache_k, cache_v
    keys = torch.cat([cache_k, k_new], dim=-2)[..., -max_len:, :]
    values = torch.cat([cache_v, v_new], dim=-2)[..., -max_len:, :]
    return keys, values
