"""generate_cached makes a new cache at every step and feeds it only the newest token: each token
is seen alone, at position 0."""
# message: a token before the window was full is wrong
# %% generate_cached
# changes to wrong/generate_without_cache:
# - model.eval()
# + model.eval()
# + new = idx[:, -block_size:]
# - logits = cached_forward(model, idx[:, -block_size:], KVCache(model.config.n_layer))
# - idx = torch.cat([idx, sample_next_token(logits[:, -1, :], temperature, top_k, top_p,
# - generator)], dim=1)
# + logits = cached_forward(model, new, KVCache(model.config.n_layer))[:, -1, :]
# + new = sample_next_token(logits, temperature, top_k, top_p, generator)
# + idx = torch.cat([idx, new], dim=1)
