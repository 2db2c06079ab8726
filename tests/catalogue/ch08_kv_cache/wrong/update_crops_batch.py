"""update_cache that slices [-max_len:] on the first dimension (the batch), not on the positions."""
# message: keep the last max_len=3 keys
# %% update_cache
def update_cache(cache_k, cache_v, k_new, v_new, max_len):
    return torch.cat([cache_k, k_new], dim=-2)[-max_len:], torch.cat([cache_v, v_new], dim=-2)[-max_len:]
