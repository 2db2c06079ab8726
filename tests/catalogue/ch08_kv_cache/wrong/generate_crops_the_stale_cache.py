"""generate_cached slides the cache like a sliding-window model: it drops the oldest key and value
of every layer and keeps the others, whose positions have all changed (they are stale)."""
# message: not the old cache
# %% generate_cached
# changes to wrong/generate_sets_training_flag:
# - was_training = model.training
# - model.training = False
# + model.eval()
# - cache, new = KVCache(model.config.n_layer), idx[:, -block_size:]
# + for layer in range(len(cache.keys)):
# +     cache.keys[layer] = cache.keys[layer][:, :, 1:]
# +     cache.values[layer] = cache.values[layer][:, :, 1:]
# - model.training = was_training
